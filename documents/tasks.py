"""Celery tasks of the documents app (thin: fetch by id, call one service)."""
