"""The audit trail: who changed which record when, captured for every write."""
