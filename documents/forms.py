"""Forms of the documents app."""
