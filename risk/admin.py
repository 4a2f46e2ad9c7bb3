"""Admin of the risk app."""
