"""Forms of the risk app."""
