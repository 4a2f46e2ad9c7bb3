"""Models of the documents app (added by its own issue)."""
