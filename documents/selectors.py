"""Reads of the documents app."""
