"""Publishing Celery tasks after commit without ever breaking the request that caused them.

If the broker is down or frozen, publishing fails fast (short socket timeouts, few retries),
the error is logged, and the periodic sweep that owns the work picks it up later (SEC-29)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger("engageqc.tasks")


def publish(task: Any, *args: Any, **kwargs: Any) -> bool:
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception:  # the broker's errors vary by transport; all mean "not published"
        logger.exception("Could not publish %s; the next sweep will pick the work up", task.name)
        return False
    return True


def publish_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: publish(task, *args, **kwargs))
