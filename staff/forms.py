"""Forms of the staff app."""
