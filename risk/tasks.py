"""Celery tasks of the risk app (thin: fetch by id, call one service)."""
