"""API twins of the inbox pages (X-5)."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.models import Notification
from core.models.notifications import DeliveryMode
from core.notifications import selectors
from core.notifications.kinds import KINDS
from core.notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_preference_set,
)
from staff.models import User


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    title = serializers.CharField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "link", "critical", "created_at", "read_at"]
        read_only_fields = fields


class PreferenceSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=sorted(KINDS))
    mode = serializers.ChoiceField(choices=DeliveryMode.choices)
    critical = serializers.BooleanField(read_only=True)


class UnreadCountSerializer(serializers.Serializer[None]):
    unread = serializers.IntegerField()


class NotificationListView(ListAPIView[Notification]):
    """The caller's notifications, newest first; ``?unread=1`` for unread only."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for schema generation; real rows come below

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        user = cast(User, self.request.user)
        return selectors.inbox(
            user=user, unread_only=self.request.query_params.get("unread") == "1"
        )


class NotificationUnreadCountView(APIView):
    @extend_schema(responses=UnreadCountSerializer)
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(user=cast(User, request.user))})


class NotificationReadView(APIView):
    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        notification = notification_mark_read(user=cast(User, request.user), notification_id=pk)
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(APIView):
    @extend_schema(request=None, responses=UnreadCountSerializer)
    def post(self, request: Request) -> Response:
        notification_mark_all_read(user=cast(User, request.user))
        return Response({"unread": 0})


class NotificationPreferencesView(APIView):
    @extend_schema(responses=PreferenceSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = selectors.preferences(user=cast(User, request.user))
        return Response(PreferenceSerializer(cast(Any, rows), many=True).data)

    @extend_schema(request=PreferenceSerializer, responses=PreferenceSerializer(many=True))
    def put(self, request: Request) -> Response:
        data = PreferenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = cast(User, request.user)
        notification_preference_set(
            user=user, kind=data.validated_data["kind"], mode=data.validated_data["mode"]
        )
        return Response(
            PreferenceSerializer(cast(Any, selectors.preferences(user=user)), many=True).data,
            status=status.HTTP_200_OK,
        )
