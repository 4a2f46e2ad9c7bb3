"""Forms of the quality app."""
