"""FilterSets of the quality app."""
