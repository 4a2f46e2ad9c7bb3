"""Celery tasks of the engagements app (thin: fetch by id, call one service)."""
