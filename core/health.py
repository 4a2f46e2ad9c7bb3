"""Checks behind /healthz: database, broker, worker heartbeat and beat freshness (SEC-32)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.models import Heartbeat


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down", reported as text
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_broker() -> dict[str, Any]:
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "transport": app.conf.broker_url.split("://", 1)[0]}


def check_heartbeat(kind: str) -> dict[str, Any]:
    stale_after = timedelta(seconds=settings.HEARTBEAT_STALE_AFTER_SECONDS)
    try:
        beat = Heartbeat.objects.filter(kind=kind).first()
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}
    if beat is None:
        return {"ok": False, "error": "never seen"}
    age = (timezone.now() - beat.at).total_seconds()
    return {
        "ok": age <= stale_after.total_seconds(),
        "last_seen": beat.at.isoformat(),
        "age_s": round(age, 1),
    }


def health_report() -> dict[str, Any]:
    checks = {
        "database": check_database(),
        "broker": check_broker(),
        "worker": check_heartbeat(Heartbeat.Kind.WORKER),
        "beat": check_heartbeat(Heartbeat.Kind.BEAT),
    }
    return {"ok": all(c["ok"] for c in checks.values()), "checks": checks}
