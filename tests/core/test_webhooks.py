"""Outgoing webhooks (integrations; X-5 for the API twin, SEC-28/SEC-29 for delivery): signed
deliveries to a real local HTTP server, retries with back-off then failure, one delivery per
endpoint × event, the sweep for lost publishes, the SSRF guard, the events the apps raise,
and the admin pages and API."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from core.exceptions import ApplicationError, ForbiddenError
from core.models import DeliveryStatus, WebhookDelivery, WebhookEvent
from core.webhooks import events
from core.webhooks import http as webhook_http
from core.webhooks import services as svc
from tests.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.django_db

ALL_EVENTS = list(events.EVENT_TYPES)


@pytest.fixture
def receiver():
    with webhook_receiver() as r:
        yield r


@pytest.fixture
def endpoint(admin_user, receiver):
    return svc.webhook_endpoint_create(
        actor=admin_user, name="ERP", url=receiver.url, events=ALL_EVENTS
    )


@pytest.fixture
def eager_celery():
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def _publish(**payload) -> WebhookDelivery:
    event = svc.webhook_publish(event_type=events.COMPLAINT_CREATED, payload=payload or {"a": 1})
    assert event is not None
    return WebhookDelivery.objects.get(event=event)


def _due_now(delivery: WebhookDelivery) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


# --- signing and delivery ---------------------------------------------------------------------


def test_it_posts_a_signed_json_message_the_receiver_can_verify(endpoint, receiver):
    """SEC-28 (idempotent receivers): event id, timestamp and HMAC-SHA256 over
    ``timestamp.body`` in the headers."""
    delivery = _publish(complaint={"id": 7})
    svc.webhook_delivery_attempt(delivery_id=delivery.pk)
    (got,) = receiver.requests
    assert got.path == "/hooks/engageqc"
    headers = {k.lower(): v for k, v in got.headers.items()}
    assert headers["content-type"] == "application/json"
    assert headers["x-engageqc-event-id"] == str(delivery.event_id)
    assert headers["x-engageqc-event"] == "complaint.created"
    timestamp = headers["x-engageqc-timestamp"]
    expected = hmac.new(
        endpoint.secret.encode(), timestamp.encode() + b"." + got.body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(headers["x-engageqc-signature"], f"sha256={expected}")
    body = json.loads(got.body)
    assert body["id"] == str(delivery.event_id) and body["data"] == {"complaint": {"id": 7}}
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.response_code == 200
    assert delivery.attempts == 1 and delivery.duration_ms is not None


def test_a_failing_endpoint_is_retried_with_back_off_then_marked_failed(
    endpoint, receiver, settings
):
    """SEC-28: bounded retries with exponential back-off, then failed; same event id."""
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    receiver.default_status = 500
    delivery = _publish()
    gaps = []
    for _ in range(3):
        _due_now(delivery)
        svc.webhook_delivery_attempt(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        if delivery.next_attempt_at:
            gaps.append(
                round((delivery.next_attempt_at - delivery.last_attempt_at).total_seconds())
            )
    assert gaps == [60, 120]
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 3
    assert delivery.response_code == 500 and "500" in delivery.last_error
    assert len(receiver.requests) == 3
    assert len({r.headers["X-EngageQC-Event-Id"] for r in receiver.requests}) == 1
    # Not due, or done: further attempts send nothing.
    assert svc.webhook_delivery_attempt(delivery_id=delivery.pk) is None
    assert len(receiver.requests) == 3


def test_a_delivery_that_is_not_due_yet_is_not_sent(endpoint, receiver):
    receiver.default_status = 503
    delivery = _publish()
    svc.webhook_delivery_attempt(delivery_id=delivery.pk)
    assert svc.webhook_delivery_attempt(delivery_id=delivery.pk) is None
    assert len(receiver.requests) == 1


def test_an_unreachable_endpoint_records_the_error(admin_user):
    endpoint = svc.webhook_endpoint_create(
        actor=admin_user, name="Down", url="http://127.0.0.1:9/x", events=ALL_EVENTS
    )
    delivery = _publish()
    svc.webhook_delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.endpoint == endpoint
    assert delivery.status == DeliveryStatus.PENDING and delivery.response_code is None
    assert "ConnectionRefusedError" in delivery.last_error


def test_redelivery_of_the_same_task_posts_once(endpoint, receiver):
    """SEC-28: the task may run twice (acks_late, broker redelivery): one POST."""
    delivery = _publish()
    svc.webhook_delivery_attempt(delivery_id=delivery.pk)
    svc.webhook_delivery_attempt(delivery_id=delivery.pk)
    assert len(receiver.requests) == 1


def test_one_delivery_per_endpoint_and_event(endpoint, admin_user, receiver):
    event = svc.webhook_publish(event_type=events.KPI_BREACHED, payload={})
    assert event is not None
    again = svc._deliveries_for(event, [endpoint], timezone.now())
    assert again == [WebhookDelivery.objects.get(event=event)]
    assert WebhookDelivery.objects.filter(event=event).count() == 1


def test_only_active_subscribed_endpoints_get_the_event(admin_user, receiver):
    svc.webhook_endpoint_create(
        actor=admin_user, name="A", url=receiver.url, events=[events.KPI_BREACHED]
    )
    svc.webhook_endpoint_create(
        actor=admin_user, name="B", url=receiver.url, events=ALL_EVENTS, is_active=False
    )
    assert svc.webhook_publish(event_type=events.REVIEW_SIGNED, payload={}) is None
    event = svc.webhook_publish(event_type=events.KPI_BREACHED, payload={})
    assert [d.endpoint.name for d in WebhookDelivery.objects.filter(event=event)] == ["A"]


def test_the_sweep_picks_up_deliveries_whose_publish_was_lost(endpoint, receiver, eager_celery):
    """SEC-29: the on-commit publish never ran (here: the test transaction never commits);
    the beat sweep finds the due delivery and it is sent."""
    delivery = _publish()
    assert receiver.requests == []
    assert svc.webhooks_sweep() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and len(receiver.requests) == 1
    assert svc.webhooks_sweep() == 0


def test_publishing_enqueues_on_commit(endpoint, django_capture_on_commit_callbacks, receiver):
    from unittest import mock

    with (
        mock.patch("core.tasks.webhooks_deliver.apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        delivery = _publish()
    apply_async.assert_called_once_with(args=(delivery.pk,), kwargs={})


# --- SSRF -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/x",
        "http://localhost/x",
        "http://10.1.2.3/x",
        "http://192.168.1.5/x",
        "http://172.16.0.1/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x",
        "http://[::ffff:127.0.0.1]/x",
        "http://0.0.0.0/x",
        "ftp://files.example.com/x",
        "http://user:pw@hooks.example.com/x",
        "http://[::1/x",
        "https:///nohost",
    ],
)
def test_private_loopback_and_link_local_destinations_are_refused(admin_user, settings, url):
    settings.WEBHOOK_ALLOWED_PRIVATE_ADDRESSES = []
    with pytest.raises(ApplicationError):
        svc.webhook_endpoint_create(actor=admin_user, name="x", url=url, events=ALL_EVENTS)


def test_a_host_name_that_resolves_to_loopback_is_refused_at_delivery(settings):
    settings.WEBHOOK_ALLOWED_PRIVATE_ADDRESSES = []
    with pytest.raises(webhook_http.DestinationRefused):
        webhook_http.resolve("localhost", 80)


def test_a_destination_refused_at_delivery_is_logged_not_sent(endpoint, receiver, settings):
    from django.utils import translation

    delivery = _publish()
    settings.WEBHOOK_ALLOWED_PRIVATE_ADDRESSES = []
    with translation.override("en"):
        svc.webhook_delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert receiver.requests == [] and "loopback" in delivery.last_error


def test_a_public_https_url_is_accepted(admin_user):
    endpoint = svc.webhook_endpoint_create(
        actor=admin_user, name="x", url="https://hooks.example.com/engageqc", events=ALL_EVENTS
    )
    assert endpoint.secret and len(endpoint.secret) == 64


def test_only_admins_manage_endpoints(qa_manager, receiver):
    with pytest.raises(ForbiddenError):
        svc.webhook_endpoint_create(actor=qa_manager, name="x", url=receiver.url, events=ALL_EVENTS)


def test_unknown_or_no_events_are_refused(admin_user, receiver):
    for chosen in ([], ["nope"]):
        with pytest.raises(ApplicationError):
            svc.webhook_endpoint_create(actor=admin_user, name="x", url=receiver.url, events=chosen)


# --- the events the apps raise ---------------------------------------------------------------


def test_an_engagement_stage_change_raises_an_event(endpoint, engagement_a, project_manager):
    from engagements.services import lifecycle

    lifecycle.engagement_transition(
        actor=project_manager, engagement=engagement_a, to_stage="cancelled", reason="客户撤回"
    )
    event = WebhookEvent.objects.get(type=events.ENGAGEMENT_STAGE_CHANGED)
    assert event.payload["engagement"]["id"] == engagement_a.pk
    assert event.payload["to_stage"] == "cancelled"
    assert WebhookDelivery.objects.filter(event=event, endpoint=endpoint).exists()


def test_a_refused_stage_change_raises_no_event(endpoint, engagement_a, consultant):
    from engagements.services import lifecycle

    with pytest.raises(ApplicationError):
        lifecycle.engagement_transition(
            actor=consultant, engagement=engagement_a, to_stage="cancelled", reason="x"
        )
    assert not WebhookEvent.objects.exists()


def test_complaints_raise_created_and_status_changed(endpoint, qa_manager, client_a):
    from clients.services import complaints

    complaint = complaints.complaint_log(
        actor=qa_manager,
        client_id=client_a.pk,
        channel="phone",
        nature="conduct",
        severity="minor",
        subject="电话投诉",
        description="调研人员迟到。",
        contact_name="周女士",
    )
    created = WebhookEvent.objects.get(type=events.COMPLAINT_CREATED)
    assert created.payload["complaint"]["reference"] == complaint.reference
    assert "周女士" not in json.dumps(created.payload, ensure_ascii=False)  # no personal data
    complaints.complaint_respond(actor=qa_manager, complaint_id=complaint.pk, body="已收到。")
    changed = WebhookEvent.objects.get(type=events.COMPLAINT_STATUS_CHANGED)
    assert changed.payload["from_status"] == "submitted"


def test_a_review_signature_raises_an_event(endpoint, engagement_a, consultant, discipline_lead):
    from quality.defaults import seed_review_levels
    from quality.services import reviews
    from tests.factories import TEST_PASSWORD
    from tests.quality.factories import deliverable, new_version

    seed_review_levels()
    engagement_a.members.add(discipline_lead)
    version = new_version(
        deliverable(engagement=engagement_a, author=consultant), author=consultant
    )
    review = reviews.review_submit(actor=consultant, version=version)
    signature = reviews.review_sign(
        actor=discipline_lead, level_id=review.levels.get(position=1).pk, password=TEST_PASSWORD
    )
    event = WebhookEvent.objects.get(type=events.REVIEW_SIGNED)
    assert event.payload["signature"] == signature.pk and event.payload["position"] == 1


def test_a_kpi_breach_raises_an_event(endpoint):
    from decimal import Decimal

    from quality.models import KpiObjective
    from quality.selectors import improvement as kpi_sel
    from quality.services import improvement

    kpi_sel.register_calculator("test_webhook", lambda start, end: Decimal("10"))
    try:
        objective = KpiObjective.objects.create(
            code="webhook-kpi",
            name="测试",
            calculator="test_webhook",
            direction="at_least",
            target=Decimal("90"),
            warning=Decimal("85"),
        )
        improvement.kpi_evaluate(objective=objective)
    finally:
        kpi_sel.CALCULATORS.pop("test_webhook", None)
    event = WebhookEvent.objects.get(type=events.KPI_BREACHED)
    assert event.payload["objective"]["code"] == "webhook-kpi"
