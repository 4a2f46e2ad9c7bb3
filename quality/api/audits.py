"""API twins of the audit pages (X-5, QC-6…QC-11): lists and details scoped like the pages,
explicit action endpoints (plan, score, conclude, opinion, reply, sample, publish) that call
the same services. Client users get 403; a foreign or missing id answers 404."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import NotFoundError
from core.navigation import ROLES_FOR
from engagements.permissions import visible_to
from quality.models import (
    AnnualResult,
    Audit,
    AuditedEngagement,
    ChecklistCriterion,
    ChecklistTemplate,
    SpotCheckSample,
)
from quality.models.audits import AuditKind, SamplePopulation
from quality.selectors import audits as sel
from quality.services import audits as svc
from staff.models import User


class QualityStaff(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*ROLES_FOR["quality"]))


class QualityAPIView(APIView):
    permission_classes = [IsAuthenticated, QualityStaff]

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)


def valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


# --- serializers -------------------------------------------------------------------------------


class ChecklistCriterionSerializer(serializers.ModelSerializer[ChecklistCriterion]):
    class Meta:
        model = ChecklistCriterion
        fields = ["id", "position", "text", "weight"]
        read_only_fields = fields


class ChecklistTemplateSerializer(serializers.ModelSerializer[ChecklistTemplate]):
    criteria = ChecklistCriterionSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "code", "name", "is_active", "criteria"]
        read_only_fields = fields


class AuditedEngagementSerializer(serializers.ModelSerializer[AuditedEngagement]):
    engagement_code = serializers.CharField(source="engagement.code", read_only=True)

    class Meta:
        model = AuditedEngagement
        fields = [
            "id",
            "audit",
            "engagement",
            "engagement_code",
            "score",
            "grade",
            "scored_at",
            "opinion",
            "opinion_sent_at",
            "reply",
            "replied_at",
            "replied_by",
        ]
        read_only_fields = fields


class AuditSerializer(serializers.ModelSerializer[Audit]):
    class Meta:
        model = Audit
        fields = [
            "id",
            "code",
            "kind",
            "title",
            "reason",
            "planned_date",
            "template",
            "lead_auditor",
            "status",
            "conclusion_score",
            "conclusion_grade",
            "concluded_at",
            "created_at",
        ]
        read_only_fields = fields


class AuditDetailSerializer(AuditSerializer):
    entries = AuditedEngagementSerializer(many=True, read_only=True)

    class Meta(AuditSerializer.Meta):
        fields = [*AuditSerializer.Meta.fields, "entries"]
        read_only_fields = fields


class AuditPlanSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=AuditKind.choices)
    title = serializers.CharField(max_length=200)
    planned_date = serializers.DateField()
    engagements = serializers.ListField(
        child=serializers.IntegerField(), min_length=1, max_length=200
    )
    template = serializers.IntegerField(required=False, allow_null=True, default=None)
    lead_auditor = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class AuditPointsSerializer(serializers.Serializer[dict[str, Any]]):
    criterion = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal("0"))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class AuditScoreSerializer(serializers.Serializer[dict[str, Any]]):
    scores = AuditPointsSerializer(many=True)


class AuditSheetRowSerializer(serializers.Serializer[Any]):
    criterion_id = serializers.IntegerField()
    text = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    points = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    note = serializers.CharField()


class EntryDetailSerializer(AuditedEngagementSerializer):
    sheet = serializers.SerializerMethodField()

    class Meta(AuditedEngagementSerializer.Meta):
        fields = [*AuditedEngagementSerializer.Meta.fields, "sheet"]
        read_only_fields = fields

    @extend_schema_field(AuditSheetRowSerializer(many=True))
    def get_sheet(self, obj: AuditedEngagement) -> list[dict[str, Any]]:
        return AuditSheetRowSerializer(sel.scoring_sheet(obj), many=True).data  # type: ignore[return-value]


class AuditOpinionSerializer(serializers.Serializer[dict[str, Any]]):
    opinion = serializers.CharField(max_length=10000)


class AuditReplySerializer(serializers.Serializer[dict[str, Any]]):
    reply = serializers.CharField(max_length=10000)


class SpotCheckSampleSerializer(serializers.ModelSerializer[SpotCheckSample]):
    class Meta:
        model = SpotCheckSample
        fields = [
            "id",
            "population",
            "seed",
            "percent",
            "population_ids",
            "sampled_ids",
            "audit",
            "drawn_by",
            "created_at",
        ]
        read_only_fields = fields


class SpotCheckDrawSerializer(serializers.Serializer[dict[str, Any]]):
    population = serializers.ChoiceField(choices=SamplePopulation.choices)
    seed = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=2**62
    )


class AnnualResultSerializer(serializers.ModelSerializer[AnnualResult]):
    class Meta:
        model = AnnualResult
        fields = [
            "id",
            "year",
            "engagement",
            "score",
            "grade",
            "rank",
            "award",
            "reinspect",
            "members",
            "penalty",
        ]
        read_only_fields = fields


class AnnualPublishSerializer(serializers.Serializer[dict[str, Any]]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


# --- views -------------------------------------------------------------------------------------


class ChecklistListView(ListAPIView[ChecklistTemplate]):
    permission_classes = [IsAuthenticated, QualityStaff]
    serializer_class = ChecklistTemplateSerializer
    queryset = ChecklistTemplate.objects.prefetch_related("criteria").order_by("id")


class AuditListView(ListAPIView[Audit]):
    """GET: audits visible to the user; POST: plan an audit (QA manager)."""

    permission_classes = [IsAuthenticated, QualityStaff]
    serializer_class = AuditSerializer
    queryset = Audit.objects.none()

    def get_queryset(self) -> QuerySet[Audit]:
        if getattr(self, "swagger_fake_view", False):
            return Audit.objects.none()
        return sel.audit_list(user=cast(User, self.request.user))

    @extend_schema(request=AuditPlanSerializer, responses={201: AuditDetailSerializer})
    def post(self, request: Request) -> Response:
        actor = cast(User, request.user)
        d = valid(AuditPlanSerializer, request)
        engagements = list(visible_to(actor).filter(pk__in=d["engagements"]))
        if len(engagements) != len(set(d["engagements"])):
            raise NotFoundError(_("Engagement not found."))
        template = get_object_or_404(ChecklistTemplate, pk=d["template"]) if d["template"] else None
        lead = (
            get_object_or_404(User, pk=d["lead_auditor"], is_active=True)
            if d["lead_auditor"]
            else None
        )
        audit = svc.audit_plan(
            actor=actor,
            kind=d["kind"],
            title=d["title"],
            planned_date=d["planned_date"],
            engagements=engagements,
            template=template,
            lead_auditor=lead,
            reason=d["reason"],
        )
        return Response(AuditDetailSerializer(audit).data, status=status.HTTP_201_CREATED)


class AuditDetailView(QualityAPIView):
    @extend_schema(responses=AuditDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        audit = sel.access_audit(self.actor, pk)
        return Response(AuditDetailSerializer(audit).data)


class AuditConcludeView(QualityAPIView):
    @extend_schema(request=None, responses=AuditDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        audit = svc.audit_conclude(actor=self.actor, audit=sel.access_audit(self.actor, pk))
        return Response(AuditDetailSerializer(audit).data)


class AuditSampleView(QualityAPIView):
    @extend_schema(responses=SpotCheckSampleSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        audit = sel.access_audit(self.actor, pk)
        return Response(SpotCheckSampleSerializer(sel.samples_for(audit), many=True).data)

    @extend_schema(request=SpotCheckDrawSerializer, responses={201: SpotCheckSampleSerializer})
    def post(self, request: Request, pk: int) -> Response:
        audit = sel.access_audit(self.actor, pk)
        d = valid(SpotCheckDrawSerializer, request)
        sample = svc.spot_check_draw(actor=self.actor, audit=audit, **d)
        return Response(SpotCheckSampleSerializer(sample).data, status=status.HTTP_201_CREATED)


class EntryDetailView(QualityAPIView):
    @extend_schema(responses=EntryDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(EntryDetailSerializer(sel.access_entry(self.actor, pk)).data)


class EntryScoreView(QualityAPIView):
    @extend_schema(request=AuditScoreSerializer, responses=EntryDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        entry = sel.access_entry(self.actor, pk)
        d = valid(AuditScoreSerializer, request)
        entry = svc.audit_score(
            actor=self.actor,
            entry=entry,
            points={row["criterion"]: row["points"] for row in d["scores"]},
            notes={row["criterion"]: row["note"] for row in d["scores"]},
        )
        return Response(EntryDetailSerializer(entry).data)


class EntryOpinionView(QualityAPIView):
    @extend_schema(request=AuditOpinionSerializer, responses=AuditedEngagementSerializer)
    def post(self, request: Request, pk: int) -> Response:
        entry = sel.access_entry(self.actor, pk)
        d = valid(AuditOpinionSerializer, request)
        entry = svc.audit_opinion_send(actor=self.actor, entry=entry, opinion=d["opinion"])
        return Response(AuditedEngagementSerializer(entry).data)


class EntryReplyView(QualityAPIView):
    @extend_schema(request=AuditReplySerializer, responses=AuditedEngagementSerializer)
    def post(self, request: Request, pk: int) -> Response:
        entry = sel.access_entry(self.actor, pk)
        d = valid(AuditReplySerializer, request)
        entry = svc.audit_reply(actor=self.actor, entry=entry, reply=d["reply"])
        return Response(AuditedEngagementSerializer(entry).data)


class AnnualResultsView(ListAPIView[AnnualResult]):
    permission_classes = [IsAuthenticated, QualityStaff]
    serializer_class = AnnualResultSerializer
    queryset = AnnualResult.objects.none()

    @extend_schema(parameters=[OpenApiParameter("year", int, required=True)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AnnualResult]:
        if getattr(self, "swagger_fake_view", False):
            return AnnualResult.objects.none()
        try:
            year = int(self.request.query_params.get("year", ""))
        except ValueError:
            return AnnualResult.objects.none()
        return sel.annual_results(year=year)


class AnnualPublishView(QualityAPIView):
    @extend_schema(request=AnnualPublishSerializer, responses=AnnualResultSerializer(many=True))
    def post(self, request: Request) -> Response:
        d = valid(AnnualPublishSerializer, request)
        rows = svc.annual_results_publish(actor=self.actor, year=d["year"])
        return Response(AnnualResultSerializer(rows, many=True).data)
