"""Reads of the risk app."""
