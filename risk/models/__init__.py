"""Models of the risk app (added by its own issue)."""
