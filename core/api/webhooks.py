"""API twin of the webhook pages (X-5), administrators only: endpoints, their delivery log,
"send test event" and "try again". Writes call the same services as the pages."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import NotFoundError
from core.models import WebhookDelivery, WebhookEndpoint
from core.webhooks import selectors as sel
from core.webhooks import services as svc
from core.webhooks.events import EVENT_CHOICES
from core.webhooks.filters import DeliveryFilter
from staff.choices import Role


class Administrators(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(Role.ADMIN))


class WebhookEndpointSerializer(serializers.ModelSerializer[WebhookEndpoint]):
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENT_CHOICES))
    delivered = serializers.IntegerField(read_only=True, default=0)
    pending = serializers.IntegerField(read_only=True, default=0)
    failed = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "name",
            "url",
            "events",
            "is_active",
            "secret",
            "created_at",
            "updated_at",
            "delivered",
            "pending",
            "failed",
        ]
        read_only_fields = ["id", "secret", "created_at", "updated_at"]


class WebhookEndpointInputSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=100)
    url = serializers.CharField(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_CHOICES), allow_empty=False
    )
    is_active = serializers.BooleanField(default=True)


class WebhookDeliverySerializer(serializers.ModelSerializer[WebhookDelivery]):
    event_id = serializers.UUIDField(source="event.id", read_only=True)
    event_type = serializers.CharField(source="event.type", read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "endpoint",
            "event_id",
            "event_type",
            "status",
            "attempts",
            "response_code",
            "duration_ms",
            "last_error",
            "last_attempt_at",
            "next_attempt_at",
            "delivered_at",
            "created_at",
        ]
        read_only_fields = fields


def _endpoint(pk: int) -> WebhookEndpoint:
    endpoint = sel.endpoints_list().filter(pk=pk).first()
    if endpoint is None:
        raise NotFoundError("Not found.")
    return endpoint


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class AdminAPIView(APIView):
    permission_classes = [IsAuthenticated, Administrators]


class WebhookEndpointsView(AdminAPIView):
    @extend_schema(responses=WebhookEndpointSerializer(many=True))
    def get(self, request: Request) -> Response:
        """Every endpoint with its delivery counts."""
        return Response(WebhookEndpointSerializer(sel.endpoints_list(), many=True).data)

    @extend_schema(
        request=WebhookEndpointInputSerializer, responses={201: WebhookEndpointSerializer}
    )
    def post(self, request: Request) -> Response:
        """Add an endpoint; the answer carries its signing secret. Private, loopback and
        link-local destinations are refused (SSRF)."""
        data = _valid(WebhookEndpointInputSerializer, request)
        endpoint = svc.webhook_endpoint_create(actor=request.user, **data)
        return Response(
            WebhookEndpointSerializer(_endpoint(endpoint.pk)).data, status=status.HTTP_201_CREATED
        )


class WebhookEndpointView(AdminAPIView):
    @extend_schema(responses=WebhookEndpointSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(WebhookEndpointSerializer(_endpoint(pk)).data)

    @extend_schema(request=WebhookEndpointInputSerializer, responses=WebhookEndpointSerializer)
    def put(self, request: Request, pk: int) -> Response:
        endpoint = _endpoint(pk)
        data = _valid(WebhookEndpointInputSerializer, request)
        svc.webhook_endpoint_update(actor=request.user, endpoint_id=endpoint.pk, **data)
        return Response(WebhookEndpointSerializer(_endpoint(pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        svc.webhook_endpoint_delete(actor=request.user, endpoint_id=_endpoint(pk).pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookEndpointTestView(AdminAPIView):
    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Send a ``webhook.test`` event to this endpoint; the delivery is queued."""
        delivery = svc.webhook_send_test(actor=request.user, endpoint_id=_endpoint(pk).pk)
        delivery = sel.deliveries_list().get(pk=delivery.pk)
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class WebhookDeliveriesView(ListAPIView[WebhookDelivery]):
    """The delivery log, newest first; ``?endpoint=`` and ``?status=`` filter it."""

    permission_classes = [IsAuthenticated, Administrators]
    serializer_class = WebhookDeliverySerializer
    filterset_class = DeliveryFilter

    def get_queryset(self) -> QuerySet[WebhookDelivery]:
        return sel.deliveries_list()


class WebhookDeliveryRetryView(AdminAPIView):
    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Try a failed delivery again, with the same event id."""
        delivery = svc.webhook_delivery_retry(actor=request.user, delivery_id=pk)
        delivery = cast(WebhookDelivery, sel.deliveries_list().get(pk=delivery.pk))
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
