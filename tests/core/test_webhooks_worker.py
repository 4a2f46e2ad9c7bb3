"""Webhooks through a real Celery worker (SEC-28): the delivery published on commit is posted
by the worker to a local HTTP server, signed, once."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.db import transaction

from core.models import DeliveryStatus, WebhookDelivery
from core.webhooks import events
from core.webhooks import services as svc
from tests.celery_process import celery_worker, wait_for, worker_log
from tests.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_real_worker_delivers_a_webhook_after_commit(admin_user) -> None:
    with webhook_receiver() as receiver:
        endpoint = svc.webhook_endpoint_create(
            actor=admin_user, name="ERP", url=receiver.url, events=[events.KPI_BREACHED]
        )
        with celery_worker():
            with transaction.atomic():
                event = svc.webhook_publish(event_type=events.KPI_BREACHED, payload={"x": 1})
            assert event is not None
            done = wait_for(
                lambda: WebhookDelivery.objects.filter(
                    event=event, status=DeliveryStatus.SUCCEEDED
                ).exists(),
                timeout=45,
            )
        assert done, worker_log()
        (got,) = receiver.requests
        timestamp = got.headers["X-EngageQC-Timestamp"]
        mac = hmac.new(
            endpoint.secret.encode(), timestamp.encode() + b"." + got.body, hashlib.sha256
        )
        assert got.headers["X-EngageQC-Signature"] == "sha256=" + mac.hexdigest()
        assert got.headers["X-EngageQC-Event-Id"] == str(event.id)
