"""Full-text search across opinions, suggestions, replies, commitments and consensus points."""
