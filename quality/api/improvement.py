"""API twins of the KPI, action, initiative, case and report pages (X-5, QC-12…QC-14,
IMP-1…IMP-3)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.params import int_param
from core.exceptions import ApplicationError, NotFoundError
from engagements.permissions import visible_to
from quality.api.audits import AuditedEngagementSerializer, QualityAPIView, QualityStaff, valid
from quality.models import (
    ActionProgress,
    CaseEntry,
    CorrectiveAction,
    Initiative,
    KpiBreach,
    KpiObjective,
)
from quality.models.improvement import ActionKind, ActionSource, ProblemNature, Severity
from quality.selectors import improvement as sel
from quality.services import improvement as svc
from quality.services.audits import can_manage_audits
from staff.models import User

# --- serializers -------------------------------------------------------------------------------


class QualityKpiSerializer(serializers.ModelSerializer[KpiObjective]):
    class Meta:
        model = KpiObjective
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "calculator",
            "unit",
            "direction",
            "target",
            "warning",
            "window_days",
            "owner",
            "last_value",
            "last_status",
            "last_evaluated_at",
        ]
        read_only_fields = fields


class KpiBreachSerializer(serializers.ModelSerializer[KpiBreach]):
    class Meta:
        model = KpiBreach
        fields = ["id", "objective", "opened_at", "value", "cleared_at"]
        read_only_fields = fields


class KpiSweepResultSerializer(serializers.Serializer[Any]):
    evaluated = serializers.IntegerField()
    breached = serializers.IntegerField()
    cleared = serializers.IntegerField()


class KpiRectifySerializer(serializers.Serializer[dict[str, Any]]):
    owner = serializers.IntegerField()
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    plan = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class ActionProgressSerializer(serializers.ModelSerializer[ActionProgress]):
    class Meta:
        model = ActionProgress
        fields = ["id", "at", "author", "note", "reported_to_client"]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer[CorrectiveAction]):
    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "code",
            "kind",
            "source_kind",
            "source_text",
            "source_ref",
            "engagement",
            "title",
            "nature",
            "severity",
            "department",
            "owner",
            "due_date",
            "target",
            "stage",
            "plan",
            "done_note",
            "check_note",
            "effective",
            "verified_by",
            "verified_at",
            "closed_at",
            "reopen_count",
            "created_at",
        ]
        read_only_fields = fields


class ActionDetailSerializer(ActionSerializer):
    progress = ActionProgressSerializer(many=True, read_only=True)

    class Meta(ActionSerializer.Meta):
        fields = [*ActionSerializer.Meta.fields, "progress"]
        read_only_fields = fields


class ActionOpenSerializer(serializers.Serializer[dict[str, Any]]):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ActionKind.choices, default=ActionKind.CORRECTIVE)
    source_kind = serializers.ChoiceField(choices=ActionSource.choices)
    source_text = serializers.CharField(max_length=10000)
    engagement = serializers.IntegerField(required=False, allow_null=True, default=None)
    nature = serializers.ChoiceField(choices=ProblemNature.choices, default=ProblemNature.QUALITY)
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.GENERAL)
    department = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    owner = serializers.IntegerField()
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    target = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class QualityNoteSerializer(serializers.Serializer[dict[str, Any]]):
    note = serializers.CharField(max_length=10000)


class ActionProgressInputSerializer(QualityNoteSerializer):
    reported_to_client = serializers.BooleanField(default=False)


class ActionVerifySerializer(serializers.Serializer[dict[str, Any]]):
    effective = serializers.BooleanField()
    note = serializers.CharField(max_length=10000)


class ActionReopenSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=5000)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class ImprovementInitiativeSerializer(serializers.ModelSerializer[Initiative]):
    class Meta:
        model = Initiative
        fields = [
            "id",
            "title",
            "process_area",
            "evaluation",
            "owner",
            "due_date",
            "stage",
            "plan",
            "done_note",
            "check_note",
            "act_note",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "stage",
            "plan",
            "done_note",
            "check_note",
            "act_note",
            "created_at",
        ]


class CaseEntrySerializer(serializers.ModelSerializer[CaseEntry]):
    class Meta:
        model = CaseEntry
        fields = [
            "id",
            "engagement",
            "title",
            "service_type",
            "industry",
            "period_start",
            "period_end",
            "summary",
            "lessons",
            "tags",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "service_type",
            "industry",
            "period_start",
            "period_end",
            "created_at",
        ]
        extra_kwargs = {"title": {"required": False}, "tags": {"required": False}}


class QualityKpiRowSerializer(serializers.Serializer[Any]):
    objective = QualityKpiSerializer()
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    status = serializers.CharField()


class QualitySourceCountSerializer(serializers.Serializer[Any]):
    source_kind = serializers.CharField()
    n = serializers.IntegerField()


class QualityReportSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    kpis = QualityKpiRowSerializer(many=True)
    grade_distribution = serializers.DictField(child=serializers.IntegerField())
    audits_concluded = serializers.IntegerField()
    lowest = AuditedEngagementSerializer(many=True)
    actions_opened = serializers.IntegerField()
    actions_closed = serializers.IntegerField()
    actions_open_now = serializers.IntegerField()
    actions_overdue = serializers.IntegerField()
    actions_by_source = QualitySourceCountSerializer(many=True)


def _staff_user(pk: int) -> User:
    user = User.objects.filter(pk=pk, is_active=True, client__isnull=True).first()
    if user is None:
        raise NotFoundError(_("User not found."))
    return user


# --- KPIs --------------------------------------------------------------------------------------


class KpiListView(ListAPIView[KpiObjective]):
    permission_classes = [IsAuthenticated, QualityStaff]
    serializer_class = QualityKpiSerializer
    queryset = KpiObjective.objects.filter(is_active=True).order_by("position", "code")


class KpiEvaluateView(QualityAPIView):
    @extend_schema(request=None, responses=KpiSweepResultSerializer)
    def post(self, request: Request) -> Response:
        if not can_manage_audits(self.actor):
            raise PermissionDenied
        return Response(KpiSweepResultSerializer(svc.kpi_sweep()).data)


class KpiBreachListView(ListAPIView[KpiBreach]):
    permission_classes = [IsAuthenticated, QualityStaff]
    serializer_class = KpiBreachSerializer
    queryset = KpiBreach.objects.filter(cleared_at__isnull=True).order_by("-opened_at", "-id")


class KpiRectifyView(QualityAPIView):
    @extend_schema(request=KpiRectifySerializer, responses={201: ActionDetailSerializer})
    def post(self, request: Request, pk: int) -> Response:
        breach = get_object_or_404(KpiBreach, pk=pk, cleared_at__isnull=True)
        d = valid(KpiRectifySerializer, request)
        action = svc.kpi_breach_rectify(
            actor=self.actor,
            breach=breach,
            owner=_staff_user(d["owner"]),
            due_date=d["due_date"],
            plan=d["plan"],
        )
        return Response(ActionDetailSerializer(action).data, status=status.HTTP_201_CREATED)


# --- actions -----------------------------------------------------------------------------------


class ActionListView(ListAPIView[CorrectiveAction]):
    """GET: actions visible to the user; POST: open one (QC-13)."""

    permission_classes = [IsAuthenticated, QualityStaff]
    serializer_class = ActionSerializer
    queryset = CorrectiveAction.objects.none()

    def get_queryset(self) -> QuerySet[CorrectiveAction]:
        if getattr(self, "swagger_fake_view", False):
            return CorrectiveAction.objects.none()
        params = self.request.query_params
        return sel.action_list(
            user=cast(User, self.request.user),
            stage=params.get("stage", ""),
            source_kind=params.get("source_kind", ""),
            open_only=params.get("open") == "1",
        )

    @extend_schema(request=ActionOpenSerializer, responses={201: ActionDetailSerializer})
    def post(self, request: Request) -> Response:
        actor = cast(User, request.user)
        d = valid(ActionOpenSerializer, request)
        engagement = None
        if d["engagement"] is not None:
            engagement = visible_to(actor).filter(pk=d["engagement"]).first()
            if engagement is None:
                raise NotFoundError(_("Engagement not found."))
        d["engagement"] = engagement
        d["owner"] = _staff_user(d["owner"])
        action = svc.action_open(actor=actor, **d)
        return Response(ActionDetailSerializer(action).data, status=status.HTTP_201_CREATED)


class ActionDetailView(QualityAPIView):
    @extend_schema(responses=ActionDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ActionDetailSerializer(sel.access_action(self.actor, pk)).data)


class _ActionStep(QualityAPIView):
    input_serializer: type[serializers.Serializer[Any]] | None = None

    def run(self, action: CorrectiveAction, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        action = sel.access_action(self.actor, pk)
        data = valid(self.input_serializer, request) if self.input_serializer else {}
        self.run(action, data)
        action = sel.access_action(self.actor, pk)
        return Response(ActionDetailSerializer(action).data)


@extend_schema(request=QualityNoteSerializer, responses=ActionDetailSerializer)
class ActionPlanView(_ActionStep):
    input_serializer = QualityNoteSerializer

    def run(self, action: CorrectiveAction, data: dict[str, Any]) -> Any:
        return svc.action_plan_save(actor=self.actor, action=action, plan=data["note"])


@extend_schema(request=QualityNoteSerializer, responses=ActionDetailSerializer)
class ActionDoView(_ActionStep):
    input_serializer = QualityNoteSerializer

    def run(self, action: CorrectiveAction, data: dict[str, Any]) -> Any:
        return svc.action_do_record(actor=self.actor, action=action, done_note=data["note"])


@extend_schema(request=ActionVerifySerializer, responses=ActionDetailSerializer)
class ActionVerifyView(_ActionStep):
    input_serializer = ActionVerifySerializer

    def run(self, action: CorrectiveAction, data: dict[str, Any]) -> Any:
        return svc.action_verify(actor=self.actor, action=action, **data)


@extend_schema(request=None, responses=ActionDetailSerializer)
class ActionCloseView(_ActionStep):
    def run(self, action: CorrectiveAction, data: dict[str, Any]) -> Any:
        return svc.action_close(actor=self.actor, action=action)


@extend_schema(request=ActionReopenSerializer, responses=ActionDetailSerializer)
class ActionReopenView(_ActionStep):
    input_serializer = ActionReopenSerializer

    def run(self, action: CorrectiveAction, data: dict[str, Any]) -> Any:
        return svc.action_reopen(actor=self.actor, action=action, **data)


@extend_schema(request=ActionProgressInputSerializer, responses=ActionDetailSerializer)
class ActionProgressView(_ActionStep):
    input_serializer = ActionProgressInputSerializer

    def run(self, action: CorrectiveAction, data: dict[str, Any]) -> Any:
        return svc.action_progress_add(actor=self.actor, action=action, **data)


# --- initiatives and cases ---------------------------------------------------------------------


class InitiativeListView(ListAPIView[Initiative]):
    permission_classes = [IsAuthenticated, QualityStaff]
    serializer_class = ImprovementInitiativeSerializer
    queryset = Initiative.objects.none()

    def get_queryset(self) -> QuerySet[Initiative]:
        if getattr(self, "swagger_fake_view", False):
            return Initiative.objects.none()
        return sel.initiative_list(user=cast(User, self.request.user))

    @extend_schema(
        request=ImprovementInitiativeSerializer, responses={201: ImprovementInitiativeSerializer}
    )
    def post(self, request: Request) -> Response:
        d = valid(ImprovementInitiativeSerializer, request)
        owner = d.pop("owner")
        initiative = svc.initiative_create(
            actor=cast(User, request.user), owner=_staff_user(owner.pk), **d
        )
        return Response(
            ImprovementInitiativeSerializer(initiative).data, status=status.HTTP_201_CREATED
        )


class InitiativeAdvanceView(QualityAPIView):
    @extend_schema(request=QualityNoteSerializer, responses=ImprovementInitiativeSerializer)
    def post(self, request: Request, pk: int) -> Response:
        initiative = get_object_or_404(sel.initiatives_visible_to(self.actor), pk=pk)
        d = valid(QualityNoteSerializer, request)
        initiative = svc.initiative_advance(actor=self.actor, initiative=initiative, note=d["note"])
        return Response(ImprovementInitiativeSerializer(initiative).data)


class CaseListView(ListAPIView[CaseEntry]):
    permission_classes = [IsAuthenticated, QualityStaff]
    serializer_class = CaseEntrySerializer
    queryset = CaseEntry.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("service_type", str),
            OpenApiParameter("industry", str),
            OpenApiParameter("year", int),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[CaseEntry]:
        if getattr(self, "swagger_fake_view", False):
            return CaseEntry.objects.none()
        p = self.request.query_params
        year = int_param(self.request, "year", maximum=9999)
        return sel.case_search(
            user=cast(User, self.request.user),
            q=p.get("q", "")[:100],
            service_type=p.get("service_type", ""),
            industry=p.get("industry", "")[:100],
            year=year,
        )

    @extend_schema(request=CaseEntrySerializer, responses={201: CaseEntrySerializer})
    def post(self, request: Request) -> Response:
        actor = cast(User, request.user)
        d = valid(CaseEntrySerializer, request)
        engagement = visible_to(actor).filter(pk=d.pop("engagement").pk).first()
        if engagement is None:
            raise NotFoundError(_("Engagement not found."))
        case = svc.case_create(actor=actor, engagement=engagement, **d)
        return Response(CaseEntrySerializer(case).data, status=status.HTTP_201_CREATED)


class ReportView(QualityAPIView):
    @extend_schema(
        parameters=[OpenApiParameter("start", date), OpenApiParameter("end", date)],
        responses=QualityReportSerializer,
    )
    def get(self, request: Request) -> Response:
        from django.utils.dateparse import parse_date

        default_start, default_end = sel.quarter_bounds(timezone.localdate())

        def date_param(name: str, default: date) -> date:
            raw = request.query_params.get(name) or ""
            try:
                value = parse_date(raw) if raw else default
            except ValueError:
                value = None
            if value is None:
                raise ApplicationError(_("Give dates as YYYY-MM-DD."), extra={name: [raw]})
            return value

        start, end = date_param("start", default_start), date_param("end", default_end)
        if end <= start:
            raise ApplicationError(_("The end must be after the start."))
        return Response(QualityReportSerializer(sel.quality_report(start=start, end=end)).data)
