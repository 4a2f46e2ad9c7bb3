"""The delivery log's one FilterSet, shared by the page and the API."""

from __future__ import annotations

import django_filters

from core.models import DeliveryStatus, WebhookDelivery


class DeliveryFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices)
    endpoint = django_filters.NumberFilter(field_name="endpoint_id")

    class Meta:
        model = WebhookDelivery
        fields = ["status", "endpoint"]
