"""Choices and transition tables of the quality app."""
