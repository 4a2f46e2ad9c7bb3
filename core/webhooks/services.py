"""Writes of the webhooks: endpoints (admins only), publishing an event to the subscribed
endpoints (one delivery each, published to Celery on commit), one delivery attempt, the sweep
that retries due deliveries and picks up lost publishes, the test event and a manual retry.

Each delivery is signed: ``X-EngageQC-Signature: sha256=<hex>`` is HMAC-SHA256 with the
endpoint's secret over ``<X-EngageQC-Timestamp>.<raw body>``."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, ConflictError, ForbiddenError, NotFoundError
from core.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from core.tasking import publish, publish_on_commit
from core.webhooks import http as webhook_http
from core.webhooks.events import EVENT_TYPES, TEST
from staff.choices import Role

logger = logging.getLogger("engageqc.webhooks")

SIGNATURE_HEADER = "X-EngageQC-Signature"
TIMESTAMP_HEADER = "X-EngageQC-Timestamp"
EVENT_ID_HEADER = "X-EngageQC-Event-Id"
EVENT_TYPE_HEADER = "X-EngageQC-Event"


def _require_admin(actor: Any) -> None:
    if not actor.has_role(Role.ADMIN):
        raise ForbiddenError(_("Only an administrator can manage webhooks."))


def _clean(*, name: str, url: str, events: list[str]) -> tuple[str, str, list[str]]:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the endpoint a name."), extra={"name": _("Required.")})
    url = (url or "").strip()
    try:
        webhook_http.check_url(url)
    except webhook_http.DestinationRefused as exc:
        raise ApplicationError(str(exc), extra={"url": str(exc)}) from exc
    unknown = [e for e in events if e not in EVENT_TYPES]
    if unknown or not events:
        message = _("Choose at least one event from the list.")
        raise ApplicationError(message, extra={"events": message})
    return name[:100], url, sorted(set(events))


@transaction.atomic
def webhook_endpoint_create(
    *, actor: Any, name: str, url: str, events: list[str], is_active: bool = True
) -> WebhookEndpoint:
    _require_admin(actor)
    name, url, events = _clean(name=name, url=url, events=events)
    return WebhookEndpoint.objects.create(
        name=name, url=url, events=events, is_active=is_active, created_by=actor
    )


def _locked(endpoint_id: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.select_for_update().filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFoundError(_("Not found."))
    return endpoint


@transaction.atomic
def webhook_endpoint_update(
    *, actor: Any, endpoint_id: int, name: str, url: str, events: list[str], is_active: bool
) -> WebhookEndpoint:
    _require_admin(actor)
    endpoint = _locked(endpoint_id)
    endpoint.name, endpoint.url, endpoint.events = _clean(name=name, url=url, events=events)
    endpoint.is_active = is_active
    endpoint.save(update_fields=["name", "url", "events", "is_active", "updated_at"])
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, actor: Any, endpoint_id: int) -> None:
    _require_admin(actor)
    _locked(endpoint_id).delete()


def _enqueue(deliveries: list[WebhookDelivery]) -> None:
    from core.tasks import webhooks_deliver

    for delivery in deliveries:
        publish_on_commit(webhooks_deliver, delivery.pk)


@transaction.atomic(savepoint=False)  # inside the caller's transaction, no savepoint (P3)
def webhook_publish(
    *, event_type: str, payload: dict[str, Any], occurred_at: datetime | None = None
) -> WebhookEvent | None:
    """Record the event and one delivery per active endpoint subscribed to it, inside the
    caller's transaction (nothing is sent for a change that rolls back); the deliveries are
    published to Celery on commit, and the sweep picks up any publish that was lost."""
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(is_active=True) if event_type in e.events
    ]
    if not endpoints:
        return None
    now = timezone.now()
    event = WebhookEvent.objects.create(
        type=event_type, payload=payload, occurred_at=occurred_at or now
    )
    _enqueue(_deliveries_for(event, endpoints, now))
    return event


def _deliveries_for(
    event: WebhookEvent, endpoints: list[WebhookEndpoint], now: datetime
) -> list[WebhookDelivery]:
    """One delivery per endpoint × event, whatever runs this twice (unique constraint)."""
    WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(endpoint=e, event=event, next_attempt_at=now) for e in endpoints],
        ignore_conflicts=True,
    )
    return list(
        WebhookDelivery.objects.filter(
            event=event, endpoint__in=endpoints, status=DeliveryStatus.PENDING, attempts=0
        )
    )


@transaction.atomic
def webhook_send_test(*, actor: Any, endpoint_id: int) -> WebhookDelivery:
    """A ``webhook.test`` event to this endpoint only, so an admin can check the receiver."""
    _require_admin(actor)
    endpoint = _locked(endpoint_id)
    now = timezone.now()
    event = WebhookEvent.objects.create(
        type=TEST,
        payload={"endpoint": endpoint.pk, "requested_by": actor.pk},
        occurred_at=now,
    )
    deliveries = _deliveries_for(event, [endpoint], now)
    _enqueue(deliveries)
    return deliveries[0]


@transaction.atomic
def webhook_delivery_retry(*, actor: Any, delivery_id: int) -> WebhookDelivery:
    """Try a failed delivery again: same event id (receivers drop duplicates by it)."""
    _require_admin(actor)
    delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
    if delivery is None:
        raise NotFoundError(_("Not found."))
    if delivery.status != DeliveryStatus.FAILED:
        raise ConflictError(_("Only a failed delivery can be tried again."))
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    _enqueue([delivery])
    return delivery


def body_for(event: WebhookEvent) -> bytes:
    document = {
        "id": str(event.id),
        "type": event.type,
        "occurred_at": event.occurred_at.isoformat(),
        "data": event.payload,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` + hex HMAC-SHA256 of ``timestamp.body`` with the endpoint's secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 … times the base, capped at a day."""
    seconds = settings.WEBHOOK_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return timedelta(seconds=min(seconds, 86400))


def webhook_delivery_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """One attempt, if the delivery is still pending and due. The claim (attempt counted,
    next attempt pushed past the timeout) commits before the request, so a duplicate task or
    the sweep does not post it again meanwhile; the request runs outside any transaction."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("endpoint", "event")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None or (delivery.next_attempt_at and delivery.next_attempt_at > now):
            return None
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.next_attempt_at = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + 60)
        delivery.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])
    endpoint, event = delivery.endpoint, delivery.event
    body = body_for(event)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "EngageQC-Webhooks/1.0",
        EVENT_ID_HEADER: str(event.id),
        EVENT_TYPE_HEADER: event.type,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
    }
    code: int | None = None
    duration: int | None = None
    error = ""
    try:
        response = webhook_http.post(
            endpoint.url, body, headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS
        )
    except webhook_http.DestinationRefused as exc:
        error = str(exc)
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
    else:
        code, duration = response.status, response.duration_ms
        if not 200 <= code < 300:
            error = _("The receiver answered HTTP %(code)s.") % {"code": code}
    return _record(delivery.pk, code=code, duration=duration, error=error)


@transaction.atomic
def _record(
    delivery_id: int, *, code: int | None, duration: int | None, error: str
) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    now = timezone.now()
    delivery.response_code = code
    delivery.duration_ms = duration
    delivery.last_error = error[:500]
    if not error:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        logger.warning("Webhook delivery %s failed for good: %s", delivery.pk, error)
    else:
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)
    delivery.save(
        update_fields=[
            "status",
            "response_code",
            "duration_ms",
            "last_error",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery


def webhooks_sweep(*, now: datetime | None = None, limit: int = 200) -> int:
    """Publish the due pending deliveries (retries, lost publishes, attempts whose worker
    died): one query, a bounded batch. Returns how many were published."""
    from core.tasks import webhooks_deliver

    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in due if publish(webhooks_deliver, pk))
