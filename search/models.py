"""Search index tables (filled in by the search feature)."""
