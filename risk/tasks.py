"""Celery tasks of the risk app (thin: call one service)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="risk.tasks.early_warning_sweep", ignore_result=True)
def early_warning_sweep() -> None:
    """RSK-6: evaluate every early-warning indicator; running twice is harmless."""
    from risk.services.warnings import early_warning_sweep as sweep

    sweep()
