"""Celery tasks of the quality app (thin: fetch by id, call one service)."""
