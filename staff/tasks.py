"""Celery tasks of the staff app (thin: one sweep, one service)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="staff.tasks.certificate_expiry_sweep", acks_late=True, ignore_result=True)
def certificate_expiry_sweep() -> int:
    """Daily: alert holders and QA managers of certificates entering the alert window
    (STF-1). Idempotent: a certificate notifies once per expiry date."""
    from staff.services.records import certificates_alert_sweep

    return certificates_alert_sweep()
