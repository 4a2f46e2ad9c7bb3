"""Dashboard reads, each one SQL query (two for the risk heat map) whatever the data size
(P8). Lists are capped; their totals come from a window count over the same query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from core.dashboards.services import months_back
from core.models import MonthlyFigure, SlaClock
from core.models.dashboards import FigureMetric
from staff.models import User


@dataclass
class Capped:
    """The first rows of a list and the list's full length."""

    rows: list[Any]
    total: int


def _capped(qs: QuerySet[Any], limit: int) -> Capped:
    rows = list(qs.annotate(window_total=Window(Count("pk")))[:limit])
    return Capped(rows=rows, total=rows[0].window_total if rows else 0)


# --- consultant -------------------------------------------------------------------------------


def my_milestones(user: User, *, today: date, limit: int = 8) -> Capped:
    """Open milestones the user owns on engagements they can see, soonest first; each row
    knows whether it is overdue, and ``overdue`` counts them all."""
    from engagements.models.plan import Milestone
    from engagements.permissions import visible_to

    qs = (
        Milestone.objects.filter(
            owner=user, actual_date__isnull=True, engagement__in=visible_to(user)
        )
        .select_related("engagement")
        .annotate(overdue_total=Window(Count("pk", filter=Q(planned_date__lt=today))))
        .order_by("planned_date", "id")
    )
    return _capped(qs, limit)


def my_overdue_actions(user: User, *, today: date, limit: int = 5) -> Capped:
    from quality.models.improvement import CorrectiveAction, PdcaStage

    qs = (
        CorrectiveAction.objects.filter(owner=user, due_date__lt=today)
        .exclude(stage=PdcaStage.CLOSED)
        .order_by("due_date", "id")
    )
    return _capped(qs, limit)


# --- project manager --------------------------------------------------------------------------


def my_engagement_kpis(user: User, *, today: date, limit: int = 10) -> Capped:
    """The user's running engagements with their monitoring figures (ENG-9) in one query:
    milestones due and late, hours, expenses and open risks, as correlated subqueries."""
    from engagements.choices import Stage
    from engagements.models import Engagement
    from engagements.models.plan import ExpenseEntry, Milestone, TimeEntry
    from risk.choices import RiskStatus
    from risk.models import Risk

    def count(qs: QuerySet[Any]) -> Any:
        return Coalesce(
            Subquery(qs.order_by().values("engagement").annotate(n=Count("pk")).values("n")),
            0,
        )

    def total(model: Any, field: str) -> Any:
        inner = (
            model.objects.filter(engagement=OuterRef("pk"))
            .order_by()
            .values("engagement")
            .annotate(s=Sum(field))
            .values("s")
        )
        return Coalesce(
            Subquery(inner),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )

    milestones = Milestone.objects.filter(engagement=OuterRef("pk"), planned_date__lte=today)
    late = milestones.filter(
        Q(actual_date__isnull=True, planned_date__lt=today) | Q(actual_date__gt=F("planned_date"))
    )
    qs = (
        Engagement.objects.filter(project_manager=user)
        .exclude(stage__in=[Stage.CLOSED, Stage.DECLINED, Stage.LEAD])
        .select_related("client")
        .annotate(
            due_count=count(milestones),
            late_count=count(late),
            hours=total(TimeEntry, "hours"),
            spent=total(ExpenseEntry, "amount"),
            open_risks=count(
                Risk.objects.filter(engagement=OuterRef("pk"), status=RiskStatus.OPEN)
            ),
        )
        .order_by("-late_count", "code")
    )
    return _capped(qs, limit)


def risk_heat(user: User, *, mine_only: bool) -> Any:
    from risk.permissions import risks_visible_to
    from risk.selectors import heat_map

    risks = risks_visible_to(user)
    if mine_only:
        risks = risks.filter(engagement__project_manager=user)
    return heat_map(risks=risks)


# --- QA manager -------------------------------------------------------------------------------


def review_queue(user: User, *, limit: int = 6) -> Capped:
    """Review levels waiting at their turn, oldest submission first (QC-1…QC-3)."""
    from quality.choices import LevelStatus, ReviewStatus
    from quality.models.reviews import LevelReview

    qs = (
        LevelReview.objects.filter(
            review__status=ReviewStatus.IN_REVIEW, position=F("review__current_position")
        )
        .exclude(status=LevelStatus.RETURNED)
        .select_related("level", "review__document", "review__engagement")
        .order_by("review__submitted_at", "id")
    )
    return _capped(qs, limit)


def audit_grades(*, since: date) -> list[tuple[str, str, int]]:
    """Scored audit entries per grade since ``since``, in the grades' own order."""
    from quality.models.audits import AuditedEngagement, Grade

    counts = dict(
        AuditedEngagement.objects.filter(scored_at__date__gte=since)
        .exclude(grade="")
        .order_by()
        .values_list("grade")
        .annotate(n=Count("pk"))
    )
    return [(value, str(label), counts.get(value, 0)) for value, label in Grade.choices]


def open_kpi_breaches(*, limit: int = 6) -> Capped:
    from quality.models.improvement import KpiBreach

    qs = (
        KpiBreach.objects.filter(cleared_at__isnull=True)
        .select_related("objective")
        .order_by("-opened_at", "-id")
    )
    return _capped(qs, limit)


def overdue_clocks(*, now: Any, limit: int = 6) -> Capped:
    qs = (
        SlaClock.objects.filter(state=SlaClock.State.RUNNING, due_at__lt=now)
        .select_related("policy", "owner")
        .order_by("due_at", "id")
    )
    return _capped(qs, limit)


def kpi_trends(*, months: int = 12, series: int = 4) -> tuple[list[date], list[dict[str, Any]]]:
    """Monthly mean of the first active objectives' measurements: one grouped query."""
    from quality.models.improvement import KpiMeasurement

    first = months_back(months)[0]
    rows = list(
        KpiMeasurement.objects.filter(
            objective__is_active=True,
            measured_at__date__gte=first,
            value__isnull=False,
        )
        .annotate(month=TruncMonth("measured_at"))
        .order_by()
        .values(
            "objective_id",
            "objective__name",
            "objective__name_en",
            "objective__unit",
            "objective__target",
            "objective__position",
            "month",
        )
        .annotate(v=Avg("value"))
    )
    by_objective: dict[int, dict[str, Any]] = {}
    for row in rows:
        item = by_objective.setdefault(
            row["objective_id"],
            {
                "name": row["objective__name"],
                "name_en": row["objective__name_en"],
                "unit": row["objective__unit"],
                "target": row["objective__target"],
                "position": row["objective__position"],
                "values": {},
            },
        )
        month = row["month"]
        item["values"][timezone.localtime(month).date().replace(day=1)] = float(row["v"])
    ordered = sorted(by_objective.values(), key=lambda o: o["position"])[:series]
    return months_back(months), ordered


# --- firm-wide (precomputed) --------------------------------------------------------------------


def monthly(metric: FigureMetric, *, months: int = 12) -> list[tuple[date, MonthlyFigure | None]]:
    axis = months_back(months)
    rows = {f.month: f for f in MonthlyFigure.objects.filter(metric=metric, month__gte=axis[0])}
    return [(m, rows.get(m)) for m in axis]
