"""Admin of the quality app."""
