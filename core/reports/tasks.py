"""Celery tasks of the reports app, all on the dedicated ``reports`` queue (CELERY_TASK_ROUTES)
so a 70-page report never delays SLA work on the default queue."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from core.reports import services


@shared_task(acks_late=True)
def render_report(job_id: int) -> None:
    services.report_render(job_id=job_id)


@shared_task(acks_late=True)
def reports_sweep() -> int:
    """Render queued jobs whose publish was lost (SEC-29)."""
    ids = services.stale_job_ids(older_than=timezone.now() - timedelta(minutes=2))
    for job_id in ids:
        services.report_render(job_id=job_id)
    return len(ids)
