"""Core periodic tasks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from celery import shared_task

from core.services import heartbeat_record


@shared_task(name="core.tasks.heartbeat", bind=True, ignore_result=True)
def heartbeat(self: Any) -> None:
    """Scheduled by beat; proves worker and beat alive for /healthz."""
    published = self.request.get("published_at")
    beat_at = datetime.fromisoformat(published) if published else None
    heartbeat_record(beat_at=beat_at)
