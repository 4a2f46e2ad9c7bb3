"""Concurrency on real PostgreSQL: audits and actions opened at the same moment get distinct
codes (QC-6, QC-13), and the KPI beat task evaluates every objective (QC-12)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.utils import timezone

from quality.models import Audit, CorrectiveAction, KpiObjective
from quality.services import audits as audit_svc
from quality.services import improvement as imp_svc
from tests.factories import EngagementFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(fn, n: int = 6) -> list[Exception]:
    errors: list[Exception] = []
    barrier = threading.Barrier(n)

    def run() -> None:
        try:
            barrier.wait()
            fn()
        except Exception as exc:  # surfaced by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_audits_and_actions_get_distinct_codes_qc6_qc13(qa_manager, project_manager):
    engagement = EngagementFactory()

    def plan_and_open() -> None:
        audit_svc.audit_plan(
            actor=qa_manager,
            kind="scheduled",
            title="并发",
            planned_date=timezone.localdate(),
            engagements=[engagement],
        )
        imp_svc.action_open(
            source_kind="other",
            source_text="并发",
            engagement=None,
            owner=project_manager,
            actor=qa_manager,
        )

    assert _race(plan_and_open) == []
    assert Audit.objects.values("code").distinct().count() == 6
    assert CorrectiveAction.objects.values("code").distinct().count() == 6


def test_the_beat_task_evaluates_every_active_objective_qc12():
    from quality.tasks import kpi_sweep

    kpi_sweep()
    active = KpiObjective.objects.filter(is_active=True)
    assert active.exists()
    assert not active.filter(last_evaluated_at__isnull=True).exists()
