"""Forms of the engagements app."""
