"""FilterSets of the staff app."""
