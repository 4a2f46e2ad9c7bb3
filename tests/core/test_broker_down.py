"""Broker down: publishing fails fast with a logged error, the request is not broken, and the
periodic delivery sweep sends what was left pending (SEC-29)."""

from __future__ import annotations

import logging
import time

import pytest
from celery import Celery
from django.core import mail
from django.db import transaction

from core.models import Notification
from core.notifications.services import notifications_deliver_pending, notify
from core.tasking import publish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dead_broker_task():
    """A task on an app whose broker is a closed local port: a real refused connection."""
    app = Celery("dead", broker="redis://127.0.0.1:1/0", set_as_current=False)
    app.conf.broker_transport_options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    app.conf.broker_connection_timeout = 1
    app.conf.task_publish_retry_policy = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
    }

    @app.task(name="dead.noop", shared=False)
    def noop() -> None:
        return None

    return noop


def test_publishing_to_a_dead_broker_fails_fast_and_is_logged(
    dead_broker_task, caplog
) -> None:  # SEC-29
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="engageqc.tasks"):
        assert publish(dead_broker_task) is False
    assert time.monotonic() - started < 10
    assert "the next sweep will pick the work up" in caplog.text


def test_work_left_behind_by_a_failed_publish_is_sent_by_the_next_sweep(
    consultant, monkeypatch, dead_broker_task
) -> None:  # SEC-29
    import core.tasks

    monkeypatch.setattr(core.tasks, "notifications_deliver", dead_broker_task)
    with transaction.atomic():
        notify(
            recipients=[consultant], kind="sla_breach", event_key="k", params={"target": "ENG-9"}
        )
    row = Notification.objects.get()
    assert row.email_status == Notification.Email.PENDING and mail.outbox == []
    assert notifications_deliver_pending() == 1  # what the beat entry runs every minute
    assert len(mail.outbox) == 1
