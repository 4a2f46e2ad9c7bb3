"""Visibility rules of the quality app."""
