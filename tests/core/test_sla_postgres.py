"""The sweep on real PostgreSQL: one indexed detection query, and two overlapping sweeps
notify exactly once (X-3, P5)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections
from django.utils import timezone

from core.models import Notification, SlaClock
from core.sla.services import sla_clock_start
from core.sla.sweep import due_clocks, sla_sweep
from tests.factories import EngagementFactory

pytestmark = [pytest.mark.postgres]


@pytest.mark.django_db
def test_detection_is_one_query_served_by_the_partial_index() -> None:  # P5
    sql, params = due_clocks(timezone.now(), 1000).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "sla_clock_open_next_check" in plan, plan
    assert "SKIP LOCKED" in sql.upper()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_notify_exactly_once(project_manager, qa_manager) -> None:  # X-3, P5
    start = datetime(2026, 11, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    engagements = EngagementFactory.create_batch(120)
    for engagement in engagements:
        sla_clock_start(
            policy="complaint_feedback", target=engagement, owner=project_manager, started_at=start
        )
    now = start + timedelta(hours=49)  # breached (48 h) and level 1, not yet level 2 (72 h)
    results, errors = [], []
    barrier = threading.Barrier(2)

    def sweep() -> None:
        try:
            barrier.wait()
            results.append(sla_sweep(now=now, batch_size=7))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sum(r.breached for r in results) == 120
    assert sum(r.escalated for r in results) == 120
    assert Notification.objects.filter(kind="sla_breach").count() == 120
    assert Notification.objects.filter(kind="sla_escalation", recipient=qa_manager).count() == 120
    assert SlaClock.objects.filter(breached_at__isnull=False, escalation_level=1).count() == 120
    # And a third sweep afterwards finds nothing new.
    assert sla_sweep(now=now).breached == 0
