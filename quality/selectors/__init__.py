"""Reads of the quality app."""
