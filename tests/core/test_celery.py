"""A real worker in a child process runs what the app enqueues (Foundation, SEC-28, SEC-32)."""

from __future__ import annotations

import pytest
from django.db import transaction

from core.models import Heartbeat
from core.tasks import heartbeat
from tests.celery_process import celery_worker, wait_for, worker_log

pytestmark = pytest.mark.django_db(transaction=True)


def _enqueue_heartbeat_on_commit() -> None:
    with transaction.atomic():
        heartbeat.delay_on_commit()  # type: ignore[attr-defined]
        # Nothing is published before the transaction commits.
        assert not Heartbeat.objects.exists()


@pytest.mark.redis
def test_it_runs_a_task_enqueued_on_commit_in_a_real_worker_over_redis() -> None:
    _enqueue_heartbeat_on_commit()
    with celery_worker():
        ran = wait_for(lambda: Heartbeat.objects.filter(kind=Heartbeat.Kind.WORKER).exists())
    assert ran, worker_log()
    # Published by the test, not by beat: the publish time is still recorded as beat's stamp.
    assert Heartbeat.objects.filter(kind=Heartbeat.Kind.BEAT).exists()


def test_it_runs_tasks_over_the_embedded_filesystem_broker(settings) -> None:
    if settings.REDIS_URL:
        pytest.skip("REDIS_URL is set: the filesystem broker is used only without it")
    _enqueue_heartbeat_on_commit()
    with celery_worker():
        ran = wait_for(lambda: Heartbeat.objects.filter(kind=Heartbeat.Kind.WORKER).exists())
    assert ran, worker_log()


def test_it_reports_healthy_once_beat_and_worker_are_running(client) -> None:
    """Beat's static schedule fires the heartbeat; /healthz then answers 200 (SEC-32)."""
    assert client.get("/healthz").status_code == 503
    with celery_worker(beat=True, env={"ENGAGEQC_HEARTBEAT_SECONDS": "1"}):
        ok = wait_for(lambda: client.get("/healthz").status_code == 200, timeout=45)
    assert ok, (client.get("/healthz").json(), worker_log())
    body = client.get("/healthz").json()
    assert set(body["checks"]) == {"database", "broker", "worker", "beat"}


def test_a_real_worker_emails_a_notification_after_commit(consultant) -> None:
    """notify() publishes delivery after commit; the worker claims and sends it once."""
    from core.models import Notification
    from core.notifications.services import notify

    with celery_worker():
        with transaction.atomic():
            notify(
                recipients=[consultant],
                kind="sla_breach",
                event_key="w",
                params={"target": "ENG-1"},
            )
        sent = wait_for(
            lambda: Notification.objects.filter(email_status=Notification.Email.SENT).exists()
        )
    assert sent, worker_log()
