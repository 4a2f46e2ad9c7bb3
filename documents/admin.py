"""Admin of the documents app."""
