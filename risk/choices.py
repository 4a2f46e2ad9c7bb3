"""Choices and transition tables of the risk app."""
