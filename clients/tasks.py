"""Celery tasks of the clients app (thin: fetch by id, call one service; safe to run twice)."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task


@shared_task(name="clients.tasks.surveys_for_acceptance", ignore_result=True)
def surveys_for_acceptance(engagement_id: int) -> None:
    from clients.services.surveys import surveys_issue_for_acceptance

    surveys_issue_for_acceptance(engagement_id=engagement_id)


@shared_task(
    name="clients.tasks.surveys_send",
    ignore_result=True,
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def surveys_send(survey_ids: list[int]) -> None:
    from clients.services.surveys import surveys_send_batch

    surveys_send_batch(survey_ids=survey_ids)


@shared_task(name="clients.tasks.surveys_quarterly_round", ignore_result=True)
def surveys_quarterly_round() -> None:
    from clients.services.surveys import surveys_issue_quarterly

    surveys_issue_quarterly()


@shared_task(name="clients.tasks.surveys_sweep", ignore_result=True)
def surveys_sweep() -> None:
    from clients.services.surveys import surveys_sweep as run_sweep

    run_sweep()


@shared_task(name="clients.tasks.retention_purge", ignore_result=True)
def retention_purge() -> None:
    """SEC-27: the daily purge of what is past its retention period."""
    from clients.services.retention import retention_purge as run_purge

    run_purge()


@shared_task(name="clients.tasks.complaint_intake", ignore_result=True)
def complaint_intake(complaint_id: int) -> None:
    """A portal complaint's clocks, webhook event and desk notification (P3)."""
    from clients.services.complaints import complaint_intake as run_intake

    run_intake(complaint_id=complaint_id)


@shared_task(name="clients.tasks.complaint_intake_sweep", ignore_result=True)
def complaint_intake_sweep() -> None:
    """SEC-29: intakes whose publish was lost."""
    from clients.services.complaints import complaint_intake_sweep as run_sweep

    run_sweep()
