"""API twins of the closing section (X-5): the delivery checklist and delivery list (ENG-10),
acceptance rounds with the client's verdict (ENG-11) and follow-up obligations (ENG-12).
Explicit action endpoints with input and output serializers, each calling the same service as
the page; every lookup is scoped by ``visible_to`` so a foreign id answers 404.

Client users may read their own organisation's acceptance rounds and give the verdict
(CRM-2); every other endpoint is for firm staff (403 for client users)."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.navigation import ROLES_FOR
from engagements.api.plan import StaffOnly
from engagements.choices import Stage
from engagements.models import (
    AcceptanceRequest,
    DeliveryChecklistItem,
    DeliveryItem,
    Engagement,
    FollowUpObligation,
)
from engagements.models.closing import AcceptanceVerdict, ChecklistItem, DeliveryMode
from engagements.permissions import can_manage
from engagements.selectors import closing as sel
from engagements.selectors.plan import engagement_for
from engagements.services import closing as svc
from staff.choices import Role
from staff.models import User

# --- serializers -----------------------------------------------------------------------------


class DeliveryChecklistItemSerializer(serializers.ModelSerializer[DeliveryChecklistItem]):
    item_label = serializers.CharField(source="get_item_display", read_only=True)
    done = serializers.BooleanField(source="is_done", read_only=True)

    class Meta:
        model = DeliveryChecklistItem
        fields = [
            "id",
            "engagement",
            "item",
            "item_label",
            "position",
            "done",
            "done_at",
            "done_by",
        ]
        read_only_fields = fields


class ChecklistTickSerializer(serializers.Serializer[dict[str, Any]]):
    done = serializers.BooleanField()


class DeliveryItemSerializer(serializers.ModelSerializer[DeliveryItem]):
    """In and out: one component. ``delivery_mode``, not ``mode``: the notification
    preferences already publish a ``ModeEnum``."""

    delivery_mode = serializers.ChoiceField(source="mode", choices=DeliveryMode.choices)

    class Meta:
        model = DeliveryItem
        fields = [
            "id",
            "engagement",
            "content",
            "delivery_mode",
            "planned_at",
            "standard",
            "delivered_at",
            "delivered_by",
            "created_by",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "engagement",
            "delivered_at",
            "delivered_by",
            "created_by",
            "created_at",
        ]


class DeliverInputSerializer(serializers.Serializer[dict[str, Any]]):
    delivered_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class AcceptanceRequestSerializer(serializers.ModelSerializer[AcceptanceRequest]):
    class Meta:
        model = AcceptanceRequest
        fields = [
            "id",
            "engagement",
            "round",
            "resubmission_of",
            "rectification",
            "requested_at",
            "requested_by",
            "content",
            "criteria",
            "status",
            "verdict_at",
            "verdict_by",
            "verdict_by_name",
            "recorded_by",
            "reasons",
            "content_hash",
        ]
        read_only_fields = fields


class AcceptanceRequestInputSerializer(serializers.Serializer[dict[str, Any]]):
    content = serializers.CharField(max_length=10000)
    criteria = serializers.CharField(max_length=10000)


class AcceptanceResubmitSerializer(serializers.Serializer[dict[str, Any]]):
    rectification = serializers.CharField(max_length=10000)
    content = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    criteria = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class AcceptanceVerdictSerializer(serializers.Serializer[dict[str, Any]]):
    """A client user gives their own verdict; the project manager recording one on the
    client's behalf names the client user (``on_behalf_of``) or contact who gave it."""

    verdict = serializers.ChoiceField(choices=AcceptanceVerdict.choices)
    reasons = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    otp = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        default="",
        max_length=16,
        help_text="The signer's current authenticator code; required when they enrolled one "
        "(SEC-8, SEC-12).",
    )
    on_behalf_of = serializers.IntegerField(required=False, allow_null=True, default=None)
    client_contact = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=150
    )


class FollowUpObligationSerializer(serializers.ModelSerializer[FollowUpObligation]):
    """In and out: one component, so its ``kind`` choice set gets its own schema name."""

    class Meta:
        model = FollowUpObligation
        fields = [
            "id",
            "engagement",
            "kind",
            "description",
            "due_date",
            "status",
            "standard",
            "outcome",
            "waiver_reason",
            "closed_at",
            "closed_by",
            "created_by",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "engagement",
            "status",
            "standard",
            "outcome",
            "waiver_reason",
            "closed_at",
            "closed_by",
            "created_by",
            "created_at",
        ]


class ObligationMeetSerializer(serializers.Serializer[dict[str, Any]]):
    outcome = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ObligationWaiveSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


# --- permissions and helpers -----------------------------------------------------------------


class StaffOrClient(BasePermission):
    """Firm staff, or a client user (whose lookups ``visible_to`` narrows to their own
    organisation's engagements)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and user.has_role(*ROLES_FOR["engagements"], Role.CLIENT)
        )


class StaffWritesClientReads(StaffOrClient):
    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in SAFE_METHODS or not cast(User, request.user).is_client_user


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class ClosingAPIView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)


class ClosingListView[M: Any](ListAPIView[M]):
    """A paginated list under one engagement (404 if it is not visible)."""

    permission_classes = [IsAuthenticated, StaffOnly]

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)

    def engagement(self) -> Engagement:
        return engagement_for(self.actor, self.kwargs["pk"])

    def rows(self, engagement: Engagement) -> QuerySet[M]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[M]:
        if getattr(self, "swagger_fake_view", False):
            return cast("QuerySet[M]", type(self).queryset)
        return self.rows(self.engagement())


# --- delivery checklist and delivery list (ENG-10) --------------------------------------------


class EngagementChecklistView(ClosingAPIView):
    @extend_schema(responses=DeliveryChecklistItemSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """The checklist; the project manager's first read seeds the standard items."""
        engagement = engagement_for(self.actor, pk)
        rows = list(sel.checklist(engagement=engagement))
        if (
            len(rows) < len(ChecklistItem.values)
            and can_manage(self.actor, engagement)
            and sel.stage_at_most(engagement, Stage.DELIVERY)
        ):
            rows = svc.delivery_checklist_seed(actor=self.actor, engagement=engagement)
        return Response(DeliveryChecklistItemSerializer(rows, many=True).data)


class ChecklistTickView(ClosingAPIView):
    @extend_schema(request=ChecklistTickSerializer, responses=DeliveryChecklistItemSerializer)
    def post(self, request: Request, item_pk: int) -> Response:
        d = _valid(ChecklistTickSerializer, request)
        row = svc.delivery_checklist_tick(actor=self.actor, item_id=item_pk, done=d["done"])
        return Response(DeliveryChecklistItemSerializer(row).data)


class EngagementDeliveryItemsView(ClosingListView[DeliveryItem]):
    serializer_class = DeliveryItemSerializer
    queryset = DeliveryItem.objects.none()

    def rows(self, engagement: Engagement) -> QuerySet[DeliveryItem]:
        return sel.delivery_items(engagement=engagement)

    @extend_schema(request=DeliveryItemSerializer, responses={201: DeliveryItemSerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(DeliveryItemSerializer, request)
        item = svc.delivery_item_add(
            actor=self.actor,
            engagement=self.engagement(),
            content=d["content"],
            mode=d["mode"],
            planned_at=d["planned_at"],
            standard=d["standard"],
        )
        return Response(DeliveryItemSerializer(item).data, status=status.HTTP_201_CREATED)


class DeliveryItemDeliverView(ClosingAPIView):
    @extend_schema(request=DeliverInputSerializer, responses=DeliveryItemSerializer)
    def post(self, request: Request, item_pk: int) -> Response:
        d = _valid(DeliverInputSerializer, request)
        item = svc.delivery_item_deliver(
            actor=self.actor, item_id=item_pk, delivered_at=d["delivered_at"]
        )
        return Response(DeliveryItemSerializer(item).data)


# --- acceptance (ENG-11) ---------------------------------------------------------------------


class EngagementAcceptanceView(ClosingListView[AcceptanceRequest]):
    """The acceptance rounds of an engagement; POST requests the first round (staff)."""

    permission_classes = [IsAuthenticated, StaffWritesClientReads]
    serializer_class = AcceptanceRequestSerializer
    queryset = AcceptanceRequest.objects.none()

    def rows(self, engagement: Engagement) -> QuerySet[AcceptanceRequest]:
        return sel.acceptance_rounds(engagement=engagement)

    @extend_schema(
        request=AcceptanceRequestInputSerializer, responses={201: AcceptanceRequestSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(AcceptanceRequestInputSerializer, request)
        created = svc.acceptance_request(
            actor=self.actor,
            engagement=self.engagement(),
            content=d["content"],
            criteria=d["criteria"],
        )
        return Response(AcceptanceRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class AcceptanceDetailView(ClosingAPIView):
    permission_classes = [IsAuthenticated, StaffOrClient]

    @extend_schema(responses=AcceptanceRequestSerializer)
    def get(self, request: Request, request_pk: int) -> Response:
        return Response(
            AcceptanceRequestSerializer(sel.acceptance_for(self.actor, request_pk)).data
        )


class AcceptanceResubmitView(ClosingAPIView):
    @extend_schema(
        request=AcceptanceResubmitSerializer, responses={201: AcceptanceRequestSerializer}
    )
    def post(self, request: Request, request_pk: int) -> Response:
        d = _valid(AcceptanceResubmitSerializer, request)
        created = svc.acceptance_resubmit(actor=self.actor, request_id=request_pk, **d)
        return Response(AcceptanceRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class AcceptanceVerdictView(ClosingAPIView):
    """The verdict on a pending round: by a user of the engagement's client, or recorded by
    the project manager on the client's behalf. Both sign with their password (X-2)."""

    permission_classes = [IsAuthenticated, StaffOrClient]

    @extend_schema(request=AcceptanceVerdictSerializer, responses=AcceptanceRequestSerializer)
    def post(self, request: Request, request_pk: int) -> Response:
        d = _valid(AcceptanceVerdictSerializer, request)
        judged = svc.acceptance_verdict(actor=self.actor, request_id=request_pk, **d)
        return Response(AcceptanceRequestSerializer(judged).data)


# --- follow-up (ENG-12) ----------------------------------------------------------------------


class EngagementFollowUpsView(ClosingListView[FollowUpObligation]):
    serializer_class = FollowUpObligationSerializer
    queryset = FollowUpObligation.objects.none()

    def rows(self, engagement: Engagement) -> QuerySet[FollowUpObligation]:
        return sel.obligations(engagement=engagement)

    @extend_schema(
        request=FollowUpObligationSerializer, responses={201: FollowUpObligationSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(FollowUpObligationSerializer, request)
        obligation = svc.obligation_add(
            actor=self.actor,
            engagement=self.engagement(),
            kind=d["kind"],
            description=d["description"],
            due_date=d["due_date"],
        )
        return Response(
            FollowUpObligationSerializer(obligation).data, status=status.HTTP_201_CREATED
        )


class ObligationMeetView(ClosingAPIView):
    @extend_schema(request=ObligationMeetSerializer, responses=FollowUpObligationSerializer)
    def post(self, request: Request, obligation_pk: int) -> Response:
        d = _valid(ObligationMeetSerializer, request)
        obligation = svc.obligation_meet(
            actor=self.actor, obligation_id=obligation_pk, outcome=d["outcome"]
        )
        return Response(FollowUpObligationSerializer(obligation).data)


class ObligationWaiveView(ClosingAPIView):
    @extend_schema(request=ObligationWaiveSerializer, responses=FollowUpObligationSerializer)
    def post(self, request: Request, obligation_pk: int) -> Response:
        d = _valid(ObligationWaiveSerializer, request)
        obligation = svc.obligation_waive(
            actor=self.actor, obligation_id=obligation_pk, reason=d["reason"]
        )
        return Response(FollowUpObligationSerializer(obligation).data)
