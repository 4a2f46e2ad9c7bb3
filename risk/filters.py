"""FilterSets of the risk app."""
