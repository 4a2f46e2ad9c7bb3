"""Reads of the risk app: the heat map (RSK-2), registers and top risks, history of a risk
(RSK-4), incidents with their timeline (RSK-5) and open warnings (RSK-6). Every list is a
fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from engagements.models import Engagement
from risk.choices import IMPACT_ORDER, LIKELIHOOD_ORDER, IncidentStatus, RiskStatus
from risk.indicators import INDICATORS
from risk.models import (
    EarlyWarning,
    EmergencyPlan,
    Incident,
    IncidentEvent,
    MatrixCell,
    ResponseAction,
    Risk,
    RiskLevel,
)
from risk.permissions import incidents_visible_to, risks_visible_to, warnings_visible_to
from staff.models import User

# --- heat map ---------------------------------------------------------------------------------


@dataclass
class HeatCell:
    likelihood: str
    impact: str
    count: int
    colour: str
    level: RiskLevel
    priority: int
    strategy: str
    strategy_label: str


@dataclass
class HeatRow:
    likelihood: str
    label: str
    cells: list[HeatCell] = field(default_factory=list)


@dataclass
class HeatMap:
    rows: list[HeatRow]
    impacts: list[tuple[str, str]]
    total: int


def heat_map(
    *, risks: QuerySet[Risk] | None = None, engagement: Engagement | None = None
) -> HeatMap:
    """Open risks counted per cell, coloured by the live matrix: two queries."""
    qs = Risk.objects.all() if risks is None else risks
    qs = qs.filter(status=RiskStatus.OPEN)
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    counts = {
        (row["likelihood"], row["impact"]): row["n"]
        for row in qs.order_by().values("likelihood", "impact").annotate(n=Count("id"))
    }
    cells = {(c.likelihood, c.impact): c for c in MatrixCell.objects.select_related("level").all()}
    rows = []
    for likelihood in LIKELIHOOD_ORDER:
        row = HeatRow(likelihood=likelihood.value, label=str(likelihood.label))
        for impact in IMPACT_ORDER:
            cell = cells[(likelihood.value, impact.value)]
            row.cells.append(
                HeatCell(
                    likelihood=likelihood.value,
                    impact=impact.value,
                    count=counts.get((likelihood.value, impact.value), 0),
                    colour=cell.display_colour,
                    level=cell.level,
                    priority=cell.priority,
                    strategy=cell.suggested_strategy,
                    strategy_label=cell.get_suggested_strategy_display(),
                )
            )
        rows.append(row)
    return HeatMap(
        rows=rows,
        impacts=[(i.value, str(i.label)) for i in IMPACT_ORDER],
        total=sum(counts.values()),
    )


# --- registers --------------------------------------------------------------------------------


def risk_list(
    *,
    user: User,
    engagement: Engagement | None = None,
    firm_only: bool = False,
    status: str | None = RiskStatus.OPEN,
    category: str | None = None,
    level: str | None = None,
) -> QuerySet[Risk]:
    qs = risks_visible_to(user).select_related(
        "engagement", "category", "owner", "level", "cell__level"
    )
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    elif firm_only:
        qs = qs.filter(engagement__isnull=True)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    if level:
        qs = qs.filter(level__code=level)
    return qs.order_by("priority", "level__rank", "-created_at", "-id")


def top_risks(*, user: User, limit: int = 10) -> list[Risk]:
    return list(risk_list(user=user)[:limit])


def risk_detail(*, user: User, pk: int) -> Risk:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        risks_visible_to(user)
        .select_related(
            "engagement",
            "category",
            "owner",
            "raised_by",
            "level",
            "residual_level",
            "cell__level",
            "checklist_item__checklist",
        )
        .prefetch_related(
            Prefetch("actions", queryset=ResponseAction.objects.select_related("owner")),
            "reviews__reviewer",
        ),
        pk=pk,
    )


@dataclass
class HistoryMove:
    at: datetime
    user: User | None
    likelihood: str
    impact: str
    likelihood_label: str
    impact_label: str
    level: RiskLevel
    priority: int
    strategy: str
    status: str
    reason: str
    level_changed: bool


def risk_history(*, risk: Risk) -> list[HistoryMove]:
    """Every recorded version of the risk, oldest first, with whether its level moved."""
    from risk.choices import Impact, Likelihood

    versions = risk.history.select_related("level", "history_user").order_by(
        "history_date", "history_id"
    )
    moves: list[HistoryMove] = []
    previous_level: int | None = None
    for v in versions:
        moves.append(
            HistoryMove(
                at=v.history_date,
                user=v.history_user,
                likelihood=v.likelihood,
                impact=v.impact,
                likelihood_label=str(Likelihood(v.likelihood).label),
                impact_label=str(Impact(v.impact).label),
                level=v.level,
                priority=v.priority,
                strategy=v.strategy,
                status=v.status,
                reason=gettext(v.change_reason) if v.change_reason else "",
                level_changed=v.level_id != previous_level,
            )
        )
        previous_level = v.level_id
    return moves


# --- incidents --------------------------------------------------------------------------------


def incident_list(*, user: User, open_only: bool = False) -> QuerySet[Incident]:
    qs = incidents_visible_to(user).select_related("engagement", "category", "reported_by")
    if open_only:
        qs = qs.exclude(status=IncidentStatus.CLOSED)
    return qs.order_by("-occurred_at", "-id")


def incident_detail(*, user: User, pk: int) -> Incident:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        incidents_visible_to(user)
        .select_related("engagement", "category", "plan", "risk", "reported_by", "reviewed_by")
        .prefetch_related(
            "steps__done_by",
            Prefetch("events", queryset=IncidentEvent.objects.select_related("actor")),
        ),
        pk=pk,
    )


def plan_list() -> QuerySet[EmergencyPlan]:
    return (
        EmergencyPlan.objects.select_related("category")
        .prefetch_related("steps")
        .order_by("category__order", "title")
    )


# --- early warnings ---------------------------------------------------------------------------


def warning_list(
    *, user: User, open_only: bool = True, engagement: Engagement | None = None
) -> QuerySet[EarlyWarning]:
    qs = warnings_visible_to(user).select_related("engagement")
    if open_only:
        qs = qs.filter(cleared_at__isnull=True)
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    return qs.order_by("-raised_at", "-id")


def indicator_label(key: str) -> str:
    indicator = INDICATORS.get(key)
    return str(indicator.label) if indicator else key


def overdue_reviews(*, user: User) -> int:
    return (
        risks_visible_to(user)
        .filter(status=RiskStatus.OPEN, review_date__lt=timezone.localdate())
        .count()
    )


def _display(key: str, value: object) -> str:
    from decimal import Decimal

    indicator = INDICATORS.get(key)
    if value is None:
        return "—"
    if indicator is None or not indicator.percent:
        return f"{Decimal(str(value)).normalize()}"
    return f"{(Decimal(str(value)) * 100).quantize(Decimal('0.1'))}%"


def labelled(warnings: list[EarlyWarning]) -> list[EarlyWarning]:
    """Adds ``label``, ``latest_display`` and ``threshold_display`` for the pages."""
    for w in warnings:
        w.label = indicator_label(w.indicator)  # type: ignore[attr-defined]
        w.latest_display = _display(w.indicator, w.last_value)  # type: ignore[attr-defined]
        w.threshold_display = _display(w.indicator, w.threshold)  # type: ignore[attr-defined]
    return warnings
