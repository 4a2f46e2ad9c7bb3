"""Celery tasks of the clients app (thin: fetch by id, call one service)."""
