"""Visibility rules of the documents app."""
