"""Celery tasks of the staff app (thin: fetch by id, call one service)."""
