"""Models of the quality app (added by its own issue)."""
