"""Celery tasks of the quality app (thin: fetch by id, call one service)."""

# --- audits, KPIs and actions -----------------------------------------------------------------

from celery import shared_task  # noqa: E402


@shared_task(name="quality.tasks.kpi_sweep", ignore_result=True)
def kpi_sweep() -> None:
    """Evaluate the quality objectives (QC-12); a breach notifies once, not every sweep."""
    from quality.services.improvement import kpi_sweep as run_sweep

    run_sweep()
