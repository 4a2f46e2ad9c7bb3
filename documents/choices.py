"""Choices and transition tables of the documents app."""
