"""Writes owned by core."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from core.models import Heartbeat


def heartbeat_record(*, worker_at: datetime | None = None, beat_at: datetime | None = None) -> None:
    """Record that the worker ran and, when known, when beat published the heartbeat."""
    Heartbeat.objects.update_or_create(
        kind=Heartbeat.Kind.WORKER, defaults={"at": worker_at or timezone.now()}
    )
    if beat_at is not None:
        Heartbeat.objects.update_or_create(kind=Heartbeat.Kind.BEAT, defaults={"at": beat_at})
