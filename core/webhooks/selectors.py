"""Reads of the webhooks: endpoints with their delivery counts, and the delivery log."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from core.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint


def endpoints_list() -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.annotate(
        delivered=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SUCCEEDED)),
        pending=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.PENDING)),
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
    ).order_by("name", "pk")


def deliveries_list() -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.select_related("event", "endpoint").order_by(
        "-created_at", "-pk"
    )
