"""A mail backend for the bench's product processes: counts each message in Redis (total,
and per recipient + subject) instead of sending it, so a run can prove no e-mail went twice."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend

KEY_TOTAL = "bench:mail:total"
KEY_SEEN = "bench:mail:seen"
_redis: Any = None


class CountingBackend(BaseEmailBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Production settings hand SMTP options (host, port, …) that counting ignores.
        super().__init__(alias=kwargs.get("alias"))

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        global _redis  # noqa: PLW0603 - one connection pool per process
        if _redis is None:
            import redis

            _redis = redis.Redis.from_url(os.environ["REDIS_URL"])
        pipe = _redis.pipeline()
        for message in email_messages:
            pipe.incr(KEY_TOTAL)
            for to in message.to:
                pipe.hincrby(KEY_SEEN, f"{to}|{message.subject}", 1)
        pipe.execute()
        return len(email_messages)
