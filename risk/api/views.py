"""The risk API (X-5): twins of the risk pages. Reads start from the same ``visible_to``
scopes (a foreign id answers 404); every write calls the same service as the page;
state changes are explicit action endpoints."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.params import bool_param, choice_param
from risk import permissions as perms
from risk import selectors as sel
from risk.api import serializers as s
from risk.indicators import INDICATORS
from risk.models import (
    EarlyWarning,
    EmergencyPlan,
    Incident,
    IndicatorThreshold,
    MatrixCell,
    Risk,
    RiskCategory,
    RiskChecklist,
)
from risk.services import incidents as incident_svc
from risk.services import plans as plan_svc
from risk.services import register as svc
from risk.services import warnings as warning_svc
from staff.models import User


class RiskRoles(BasePermission):
    """Staff only; client users get 403. What each member of staff sees is scoped by the
    ``*_visible_to`` querysets (risk roles their scope, others the risks they own)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return perms.is_staff_member(cast(User, request.user))


class Base(APIView):
    permission_classes = [IsAuthenticated, RiskRoles]

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)


class BaseList[M: Any](ListAPIView[M]):
    permission_classes = [IsAuthenticated, RiskRoles]

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)


def _valid(serializer_class: Any, request: Request) -> Any:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def _int_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if not str(raw).isdecimal():
        raise Http404
    return int(raw)


# --- matrix and heat map ----------------------------------------------------------------------


class MatrixView(BaseList[MatrixCell]):
    """The 12 cells of the risk matrix with level, priority and suggested strategy."""

    serializer_class = s.RiskMatrixCellSerializer
    pagination_class = None
    queryset = MatrixCell.objects.none()

    def get_queryset(self) -> QuerySet[MatrixCell]:
        return MatrixCell.objects.select_related("level").order_by("likelihood", "impact")


class MatrixAdmins(BasePermission):
    """Only administrators change the risk matrix (RSK-2): refused before the body is read, so
    other staff get 403 whatever they send (SEC-1)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return cast(User, request.user).has_role("admin")


class MatrixCellView(Base):
    permission_classes = [IsAuthenticated, RiskRoles, MatrixAdmins]

    @extend_schema(request=s.RiskMatrixCellInputSerializer, responses=s.RiskMatrixCellSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        d = _valid(s.RiskMatrixCellInputSerializer, request)
        cell = svc.matrix_cell_update(
            actor=self.actor,
            cell_id=pk,
            level_id=d["level"],
            priority=d["priority"],
            suggested_strategy=d["suggested_strategy"],
            colour=d["colour"],
        )
        return Response(s.RiskMatrixCellSerializer(cell).data)


class HeatMapView(Base):
    @extend_schema(
        parameters=[
            OpenApiParameter("engagement", int, description="Only this engagement's risks"),
            OpenApiParameter("scope", str, enum=["firm"], description="Only firm-wide risks"),
        ],
        responses=s.RiskHeatMapSerializer,
    )
    def get(self, request: Request) -> Response:
        risks = perms.risks_visible_to(self.actor)
        engagement_id = _int_param(request, "engagement")
        engagement = perms.access_engagement(self.actor, engagement_id) if engagement_id else None
        if engagement is None and choice_param(request, "scope", ["firm"], default="") == "firm":
            risks = risks.filter(engagement__isnull=True)
        return Response(
            s.RiskHeatMapSerializer(sel.heat_map(risks=risks, engagement=engagement)).data
        )


class CategoryListView(BaseList[RiskCategory]):
    serializer_class = s.RiskCategorySerializer
    pagination_class = None
    queryset = RiskCategory.objects.all()


class ChecklistListView(BaseList[RiskChecklist]):
    serializer_class = s.RiskChecklistSerializer
    pagination_class = None
    queryset = RiskChecklist.objects.none()

    def get_queryset(self) -> QuerySet[RiskChecklist]:
        return RiskChecklist.objects.filter(is_active=True).prefetch_related("items")


# --- risks ------------------------------------------------------------------------------------


class RiskListView(BaseList[Risk]):
    """Risks by priority; filter with ``engagement``, ``scope=firm``, ``status``
    (open/closed/all), ``category`` and ``level`` codes."""

    serializer_class = s.RiskSerializer
    queryset = Risk.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("engagement", int),
            OpenApiParameter("scope", str, enum=["firm"]),
            OpenApiParameter("status", str, enum=["open", "closed", "all"]),
            OpenApiParameter("category", str),
            OpenApiParameter("level", str),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Risk]:
        if getattr(self, "swagger_fake_view", False):
            return Risk.objects.none()
        params = self.request.query_params
        engagement_id = _int_param(self.request, "engagement")
        engagement = perms.access_engagement(self.actor, engagement_id) if engagement_id else None
        status_param = choice_param(
            self.request, "status", ["open", "closed", "all"], default="open"
        )
        return sel.risk_list(
            user=self.actor,
            engagement=engagement,
            firm_only=engagement is None
            and choice_param(self.request, "scope", ["firm"], default="") == "firm",
            status=None if status_param == "all" else status_param,
            category=params.get("category") or None,
            level=params.get("level") or None,
        )

    @extend_schema(request=s.RiskRaiseSerializer, responses={201: s.RiskSerializer})
    def post(self, request: Request) -> Response:
        d = _valid(s.RiskRaiseSerializer, request)
        if d["engagement"] is not None:
            perms.access_engagement(self.actor, d["engagement"])  # 404 for a foreign one
        risk = svc.risk_raise(
            actor=self.actor,
            engagement_id=d["engagement"],
            title=d["title"],
            category_id=d["category"],
            method=d["method"],
            checklist_item_id=d["checklist_item"],
            description=d["description"],
            cause=d["cause"],
            likelihood=d["likelihood"],
            impact=d["impact"],
            owner_id=d["owner"],
            review_date=d["review_date"],
        )
        return Response(s.RiskSerializer(risk).data, status=status.HTTP_201_CREATED)


class RiskDetailView(Base):
    @extend_schema(responses=s.RiskDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.RiskDetailSerializer(sel.risk_detail(user=self.actor, pk=pk)).data)

    @extend_schema(request=s.RiskUpdateSerializer, responses=s.RiskSerializer)
    def put(self, request: Request, pk: int) -> Response:
        perms.access_risk(self.actor, pk)
        d = _valid(s.RiskUpdateSerializer, request)
        risk = svc.risk_update(
            actor=self.actor,
            risk_id=pk,
            title=d["title"],
            description=d["description"],
            cause=d["cause"],
            category_id=d["category"],
            owner_id=d["owner"],
            review_date=d["review_date"],
        )
        return Response(s.RiskSerializer(risk).data)


class RiskActionBase(Base):
    input: Any = None

    def run(self, risk: Risk, d: dict[str, Any]) -> Any:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        risk = perms.access_risk(self.actor, pk)
        d = _valid(self.input, request)
        self.run(risk, d)
        return Response(s.RiskDetailSerializer(sel.risk_detail(user=self.actor, pk=pk)).data)


def _risk_action(name: str, input_serializer: Any, fn: Any, doc: str) -> type[RiskActionBase]:
    class View(RiskActionBase):
        input = input_serializer

        def run(self, risk: Risk, d: dict[str, Any]) -> Any:
            return fn(self.actor, risk, d)

        @extend_schema(
            request=input_serializer,
            responses=s.RiskDetailSerializer,
            operation_id=f"risk_risks_{name}",
            description=doc,
        )
        def post(self, request: Request, pk: int) -> Response:
            return super().post(request, pk)

    View.__name__ = f"Risk{name.title()}View"
    View.__qualname__ = View.__name__
    return View


RiskAssessView = _risk_action(
    "assess",
    s.RiskAssessSerializer,
    lambda actor, risk, d: svc.risk_assess(actor=actor, risk_id=risk.pk, **d),
    "Reassess likelihood and impact; the matrix gives the new level (RSK-2).",
)
RiskStrategyView = _risk_action(
    "strategy",
    s.RiskStrategyInputSerializer,
    lambda actor, risk, d: svc.risk_choose_strategy(actor=actor, risk_id=risk.pk, **d),
    "Record the chosen strategy (RSK-3).",
)
RiskResidualView = _risk_action(
    "residual",
    s.RiskResidualSerializer,
    lambda actor, risk, d: svc.risk_set_residual(actor=actor, risk_id=risk.pk, **d),
    "Residual likelihood and impact after the response (RSK-3).",
)
RiskReviewView = _risk_action(
    "review",
    s.RiskReviewInputSerializer,
    lambda actor, risk, d: svc.risk_review(actor=actor, risk_id=risk.pk, **d),
    "Record a monitoring review and the next review date (RSK-4).",
)
RiskCloseView = _risk_action(
    "close",
    s.RiskReasonSerializer,
    lambda actor, risk, d: svc.risk_close(actor=actor, risk_id=risk.pk, reason=d["reason"]),
    "Close the risk with a reason.",
)
RiskActionAddView = _risk_action(
    "actions",
    s.RiskActionInputSerializer,
    lambda actor, risk, d: svc.response_action_add(
        actor=actor,
        risk_id=risk.pk,
        description=d["description"],
        owner_id=d["owner"],
        due_date=d["due_date"],
    ),
    "Add a response action with its owner and due date (RSK-3).",
)


class ResponseActionDoneView(Base):
    @extend_schema(request=None, responses=s.RiskResponseActionSerializer)
    def post(self, request: Request, pk: int) -> Response:
        from risk.models import ResponseAction

        action = ResponseAction.objects.filter(
            pk=pk, risk__in=perms.risks_visible_to(self.actor)
        ).first()
        if action is None:
            raise Http404
        done = svc.response_action_done(actor=self.actor, action_id=action.pk)
        return Response(s.RiskResponseActionSerializer(done).data)


class RiskHistoryView(Base):
    @extend_schema(responses=s.RiskHistoryMoveSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        risk = perms.access_risk(self.actor, pk)
        return Response(s.RiskHistoryMoveSerializer(sel.risk_history(risk=risk), many=True).data)


# --- incidents and plans ----------------------------------------------------------------------


class IncidentListView(BaseList[Incident]):
    serializer_class = s.RiskIncidentSerializer
    queryset = Incident.objects.none()

    @extend_schema(parameters=[OpenApiParameter("open", bool)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Incident]:
        if getattr(self, "swagger_fake_view", False):
            return Incident.objects.none()
        open_only = bool_param(self.request, "open", default=False)
        return sel.incident_list(user=self.actor, open_only=open_only)

    @extend_schema(
        request=s.RiskIncidentReportSerializer, responses={201: s.RiskIncidentDetailSerializer}
    )
    def post(self, request: Request) -> Response:
        d = _valid(s.RiskIncidentReportSerializer, request)
        if d["engagement"] is not None:
            perms.access_engagement(self.actor, d["engagement"])
        incident = incident_svc.incident_report(
            actor=self.actor,
            engagement_id=d["engagement"],
            risk_id=d["risk"],
            plan_id=d["plan"],
            category_id=d["category"],
            title=d["title"],
            description=d["description"],
            severity=d["severity"],
            occurred_at=d["occurred_at"],
        )
        detail = sel.incident_detail(user=self.actor, pk=incident.pk)
        return Response(s.RiskIncidentDetailSerializer(detail).data, status=status.HTTP_201_CREATED)


class IncidentDetailView(Base):
    @extend_schema(responses=s.RiskIncidentDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(
            s.RiskIncidentDetailSerializer(sel.incident_detail(user=self.actor, pk=pk)).data
        )


def _incident_action(name: str, input_serializer: Any, fn: Any, doc: str) -> type[Base]:
    class View(Base):
        @extend_schema(
            request=input_serializer,
            responses=s.RiskIncidentDetailSerializer,
            operation_id=f"risk_incidents_{name}",
            description=doc,
        )
        def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
            incident = perms.access_incident(self.actor, pk)
            d = _valid(input_serializer, request) if input_serializer else {}
            fn(self.actor, incident, d, kwargs)
            return Response(
                s.RiskIncidentDetailSerializer(sel.incident_detail(user=self.actor, pk=pk)).data
            )

    View.__name__ = f"Incident{name.title().replace('_', '')}View"
    View.__qualname__ = View.__name__
    return View


IncidentClassifyView = _incident_action(
    "classify",
    s.RiskClassifySerializer,
    lambda actor, i, d, kw: incident_svc.incident_classify(actor=actor, incident_id=i.pk, **d),
    "Change the incident's severity (RSK-5).",
)
IncidentStepDoneView = _incident_action(
    "step_done",
    s.RiskNoteSerializer,
    lambda actor, i, d, kw: incident_svc.incident_step_done(
        actor=actor, incident_id=i.pk, step_id=kw["step_pk"], note=d["note"]
    ),
    "Tick off the next step of the emergency plan (RSK-5).",
)
IncidentNoteView = _incident_action(
    "notes",
    s.RiskTextSerializer,
    lambda actor, i, d, kw: incident_svc.incident_add_note(
        actor=actor, incident_id=i.pk, text=d["text"]
    ),
    "Add a note to the timeline.",
)
IncidentResolveView = _incident_action(
    "resolve",
    s.RiskNoteSerializer,
    lambda actor, i, d, kw: incident_svc.incident_resolve(
        actor=actor, incident_id=i.pk, note=d["note"]
    ),
    "Mark resolved once every step is done.",
)
IncidentReopenView = _incident_action(
    "reopen",
    s.RiskReasonSerializer,
    lambda actor, i, d, kw: incident_svc.incident_reopen(
        actor=actor, incident_id=i.pk, reason=d["reason"]
    ),
    "Reopen a resolved incident.",
)
IncidentReviewView = _incident_action(
    "review",
    s.RiskIncidentReviewSerializer,
    lambda actor, i, d, kw: incident_svc.incident_close_with_review(
        actor=actor,
        incident_id=i.pk,
        root_cause=d["root_cause"],
        lessons=d["lessons"],
        improvements=d["improvements"],
    ),
    "Close with the post-incident review; sends risk.signals.incident_reviewed (RSK-5).",
)


class PlanListView(BaseList[EmergencyPlan]):
    serializer_class = s.RiskPlanSerializer
    queryset = EmergencyPlan.objects.none()

    def get_queryset(self) -> QuerySet[EmergencyPlan]:
        return sel.plan_list().filter(pk__in=perms.plans_visible_to(self.actor).values("pk"))

    @extend_schema(request=s.RiskPlanInputSerializer, responses={201: s.RiskPlanSerializer})
    def post(self, request: Request) -> Response:
        d = _valid(s.RiskPlanInputSerializer, request)
        plan = plan_svc.emergency_plan_save(
            actor=self.actor,
            category_id=d["category"],
            title=d["title"],
            trigger=d["trigger"],
            roles=d["roles"],
            contacts=d["contacts"],
            is_active=d["is_active"],
            steps=[(x["action"], x["role"]) for x in d["steps"]],
        )
        return Response(s.RiskPlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class PlanDetailView(Base):
    @extend_schema(responses=s.RiskPlanSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.RiskPlanSerializer(perms.access_plan(self.actor, pk)).data)

    @extend_schema(request=s.RiskPlanInputSerializer, responses=s.RiskPlanSerializer)
    def put(self, request: Request, pk: int) -> Response:
        perms.access_plan(self.actor, pk)
        d = _valid(s.RiskPlanInputSerializer, request)
        plan = plan_svc.emergency_plan_save(
            actor=self.actor,
            plan_id=pk,
            category_id=d["category"],
            title=d["title"],
            trigger=d["trigger"],
            roles=d["roles"],
            contacts=d["contacts"],
            is_active=d["is_active"],
            steps=[(x["action"], x["role"]) for x in d["steps"]],
        )
        return Response(s.RiskPlanSerializer(plan).data)


# --- early warning ----------------------------------------------------------------------------


class WarningListView(BaseList[EarlyWarning]):
    serializer_class = s.RiskWarningSerializer
    queryset = EarlyWarning.objects.none()

    @extend_schema(parameters=[OpenApiParameter("open", bool), OpenApiParameter("engagement", int)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[EarlyWarning]:
        if getattr(self, "swagger_fake_view", False):
            return EarlyWarning.objects.none()
        engagement_id = _int_param(self.request, "engagement")
        engagement = perms.access_engagement(self.actor, engagement_id) if engagement_id else None
        open_only = bool_param(self.request, "open", default=True)
        return sel.warning_list(user=self.actor, open_only=open_only, engagement=engagement)


class IndicatorListView(Base):
    @extend_schema(responses=s.RiskIndicatorSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = [
            {
                "key": i.key,
                "label": str(i.label),
                "worse": i.worse,
                "default_threshold": i.default_threshold() if i.default_threshold else None,
            }
            for i in INDICATORS.values()
        ]
        return Response(s.RiskIndicatorSerializer(rows, many=True).data)


class ThresholdListView(BaseList[IndicatorThreshold]):
    serializer_class = s.RiskThresholdSerializer
    pagination_class = None
    queryset = IndicatorThreshold.objects.none()

    def get_queryset(self) -> QuerySet[IndicatorThreshold]:
        if getattr(self, "swagger_fake_view", False):
            return IndicatorThreshold.objects.none()
        return _scoped_thresholds(self.actor)

    @extend_schema(request=s.RiskThresholdInputSerializer, responses=s.RiskThresholdSerializer)
    def post(self, request: Request) -> Response:
        d = _valid(s.RiskThresholdInputSerializer, request)
        if d["engagement"] is not None:
            perms.access_engagement(self.actor, d["engagement"])
        row = warning_svc.threshold_set(
            actor=self.actor,
            indicator=d["indicator"],
            engagement_id=d["engagement"],
            threshold=d["threshold"],
            is_active=d["is_active"],
        )
        return Response(s.RiskThresholdSerializer(row).data)


def _scoped_thresholds(user: User) -> QuerySet[IndicatorThreshold]:
    from django.db.models import Q

    from engagements.permissions import visible_to

    return IndicatorThreshold.objects.filter(
        Q(engagement__isnull=True) | Q(engagement__in=visible_to(user))
    ).order_by("indicator", "engagement_id")
