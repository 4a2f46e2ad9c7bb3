"""Webhook pages and their API twin (X-5): administrators only (SEC-1), the delivery log with
status, attempts, response code, duration and last error, "send test event", "try again",
SSRF refusals as a 400, and fixed query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from core.webhooks import events
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


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _deliveries(endpoint: WebhookEndpoint, n: int) -> None:
    for i in range(n):
        event = WebhookEvent.objects.create(
            type=events.KPI_BREACHED, payload={"i": i}, occurred_at="2026-01-01T00:00:00Z"
        )
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=event,
            status=DeliveryStatus.FAILED,
            attempts=6,
            response_code=500,
            duration_ms=12,
            last_error="The receiver answered HTTP 500.",
        )


def test_an_admin_adds_an_endpoint_and_sees_its_log(client, admin_user, receiver):
    client.force_login(admin_user)
    assert client.get(reverse("webhooks:list")).status_code == 200
    response = client.post(
        reverse("webhooks:add"),
        {"name": "ERP", "url": receiver.url, "events": ALL_EVENTS, "is_active": "on"},
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "webhooks:detail", args=[endpoint.pk]
    )
    client.post(reverse("webhooks:test", args=[endpoint.pk]))
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.event.type == events.TEST
    svc.webhook_delivery_attempt(delivery_id=delivery.pk)
    page = client.get(reverse("webhooks:detail", args=[endpoint.pk])).content.decode()
    assert 'data-testid="delivery-row"' in page and "webhook.test" in page and "200" in page
    assert len(receiver.requests) == 1


def test_the_form_refuses_a_private_destination(client, admin_user, settings):
    settings.WEBHOOK_ALLOWED_PRIVATE_ADDRESSES = []
    client.force_login(admin_user)
    response = client.post(
        reverse("webhooks:add"),
        {"name": "x", "url": "http://169.254.169.254/", "events": ALL_EVENTS},
    )
    assert response.status_code == 400 and not WebhookEndpoint.objects.exists()


def test_a_failed_delivery_can_be_tried_again(client, admin_user, endpoint):
    _deliveries(endpoint, 1)
    delivery = WebhookDelivery.objects.get()
    client.force_login(admin_user)
    client.post(reverse("webhooks:retry", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 0


def test_the_pages_are_for_administrators_only(client, qa_manager, client_user, endpoint):
    urls = [
        reverse("webhooks:list"),
        reverse("webhooks:add"),
        reverse("webhooks:detail", args=[endpoint.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous → sign in (SEC-1)
    for user in (qa_manager, client_user):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
        assert client.post(reverse("webhooks:test", args=[endpoint.pk])).status_code == 403
    assert not WebhookDelivery.objects.exists()


def test_the_delivery_log_page_has_a_fixed_query_count(
    client, admin_user, endpoint, django_assert_max_num_queries
):
    client.force_login(admin_user)
    url = reverse("webhooks:detail", args=[endpoint.pk])
    _deliveries(endpoint, 2)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    _deliveries(endpoint, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
    with django_assert_max_num_queries(12):
        client.get(reverse("webhooks:list"))


# --- API ----------------------------------------------------------------------------------------


def test_the_api_manages_endpoints_and_reads_the_log(admin_user, receiver):
    api = _api(admin_user)
    created = api.post(
        reverse("api:webhook-endpoints"),
        {"name": "ERP", "url": receiver.url, "events": [events.COMPLAINT_CREATED]},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert len(body["secret"]) == 64 and body["events"] == [events.COMPLAINT_CREATED]
    pk = body["id"]
    updated = api.put(
        reverse("api:webhook-endpoint", args=[pk]),
        {"name": "ERP 2", "url": receiver.url, "events": ALL_EVENTS, "is_active": True},
        format="json",
    )
    assert updated.status_code == 200 and updated.json()["name"] == "ERP 2"
    queued = api.post(reverse("api:webhook-endpoint-test", args=[pk]))
    assert queued.status_code == 202 and queued.json()["event_type"] == events.TEST
    svc.webhook_delivery_attempt(delivery_id=queued.json()["id"])
    log = api.get(reverse("api:webhook-deliveries"), {"endpoint": pk, "status": "succeeded"})
    assert log.status_code == 200
    (row,) = log.json()["results"]
    assert row["response_code"] == 200 and row["attempts"] == 1
    assert api.delete(reverse("api:webhook-endpoint", args=[pk])).status_code == 204


def test_the_api_refuses_private_destinations_and_unknown_events(admin_user, settings):
    settings.WEBHOOK_ALLOWED_PRIVATE_ADDRESSES = []
    api = _api(admin_user)
    refused = api.post(
        reverse("api:webhook-endpoints"),
        {"name": "x", "url": "http://10.0.0.8/hook", "events": ALL_EVENTS},
        format="json",
    )
    assert refused.status_code == 400 and "url" in refused.json()["error"]["fields"]
    unknown = api.post(
        reverse("api:webhook-endpoints"),
        {"name": "x", "url": "https://hooks.example.com/", "events": ["nope"]},
        format="json",
    )
    assert unknown.status_code == 400
    assert not WebhookEndpoint.objects.exists()


def test_the_api_is_for_administrators_only(qa_manager, client_user, endpoint):
    assert APIClient().get(reverse("api:webhook-endpoints")).status_code == 401
    for user in (qa_manager, client_user):
        api = _api(user)
        assert api.get(reverse("api:webhook-endpoints")).status_code == 403
        assert api.get(reverse("api:webhook-deliveries")).status_code == 403
        assert api.post(reverse("api:webhook-endpoint-test", args=[endpoint.pk])).status_code == 403


def test_the_api_answers_404_for_a_missing_endpoint(admin_user):
    assert _api(admin_user).get(reverse("api:webhook-endpoint", args=[999])).status_code == 404
