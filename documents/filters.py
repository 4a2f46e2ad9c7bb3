"""FilterSets of the documents app."""
