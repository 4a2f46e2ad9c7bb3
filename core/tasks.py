"""Core periodic tasks: heartbeat, SLA sweep, notification delivery and digests. Each is a
thin wrapper around one service, safe to run twice."""

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


@shared_task(name="core.tasks.sla_sweep", ignore_result=True)
def sla_sweep() -> None:
    from core.sla.sweep import sla_sweep as run_sweep

    run_sweep()


@shared_task(name="core.tasks.notifications_deliver", ignore_result=True)
def notifications_deliver() -> None:
    from core.notifications.services import (
        notifications_deliver_pending,
        notifications_release_stale_claims,
    )

    notifications_release_stale_claims()
    notifications_deliver_pending()


@shared_task(name="core.tasks.notifications_digest", ignore_result=True)
def notifications_digest() -> None:
    from core.notifications.services import notifications_send_digests

    notifications_send_digests()


@shared_task(name="core.tasks.calendar_coverage_check", ignore_result=True)
def calendar_coverage_check() -> None:
    from core.calendar.services import calendar_coverage_notify

    calendar_coverage_notify()


@shared_task(
    name="core.tasks.export_run",
    ignore_result=True,
    acks_late=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def export_run(job_id: str) -> None:
    from core.exports.services import export_job_run

    export_job_run(job_id=job_id)


@shared_task(name="core.tasks.export_jobs_purge", ignore_result=True)
def export_jobs_purge() -> None:
    from core.exports.services import export_jobs_purge as purge

    purge()


@shared_task(name="core.tasks.dashboard_figures_refresh", ignore_result=True)
def dashboard_figures_refresh() -> None:
    """Beat: recompute the recent months of the dashboards' precomputed figures (P8)."""
    from core.dashboards.services import dashboard_figures_refresh as refresh

    refresh()


@shared_task(name="core.tasks.webhooks_deliver", ignore_result=True)
def webhooks_deliver(delivery_id: int) -> None:
    """One attempt of one delivery; a no-op when it is gone, done or not due (idempotent)."""
    from core.webhooks.services import webhook_delivery_attempt

    webhook_delivery_attempt(delivery_id=delivery_id)


@shared_task(name="core.tasks.webhooks_sweep", ignore_result=True)
def webhooks_sweep() -> None:
    from core.webhooks.services import webhooks_sweep as run_sweep

    run_sweep()
