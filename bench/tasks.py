"""Bench-only Celery task, loaded by the bench's worker through CELERY_INCLUDE."""

from __future__ import annotations

import os

from celery import shared_task

NOOP_KEY = "bench:noop"
_redis = None


@shared_task(name="bench.noop", ignore_result=True)
def noop() -> None:
    """As close to no work as a countable task gets: one Redis INCR."""
    global _redis  # noqa: PLW0603 - one connection pool per worker process
    if _redis is None:
        import redis

        _redis = redis.Redis.from_url(os.environ["REDIS_URL"])
    _redis.incr(NOOP_KEY)
