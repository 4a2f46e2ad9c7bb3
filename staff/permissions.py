"""Visibility rules of the staff app."""
