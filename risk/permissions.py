"""Visibility rules of the risk app."""
