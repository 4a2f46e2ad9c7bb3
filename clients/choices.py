"""Choices and transition tables of the clients app."""
