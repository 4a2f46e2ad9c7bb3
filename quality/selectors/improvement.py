"""Reads for KPIs, actions, initiatives and cases, the KPI calculators (QC-12) and the period
quality report (QC-14). Calculators return one number computed in SQL for a time window;
other apps add theirs with ``register_calculator`` (CSAT and complaint figures come from the
clients app)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from quality.models import (
    AuditedEngagement,
    CaseEntry,
    CorrectiveAction,
    Initiative,
    KpiObjective,
)
from quality.models.audits import AuditStatus
from quality.models.improvement import PdcaStage
from staff.choices import Role
from staff.models import User

Calculator = Callable[[datetime, datetime], Decimal | None]
CALCULATORS: dict[str, Calculator] = {}
HUNDRED = Decimal("100")


def register_calculator(key: str, fn: Calculator) -> None:
    """Make ``fn(start, end)`` available to objectives whose ``calculator`` is ``key``."""
    CALCULATORS[key] = fn


def _percent(part: int | None, whole: int | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"))


def first_pass_rate(start: datetime, end: datetime) -> Decimal | None:
    """Share of engagements whose first acceptance round passed, of those decided."""
    from engagements.models import AcceptanceRequest

    row = AcceptanceRequest.objects.filter(
        round=1, verdict_at__gte=start, verdict_at__lt=end
    ).aggregate(total=Count("id"), passed=Count("id", filter=Q(status="passed")))
    return _percent(row["passed"], row["total"])


def error_rate(start: datetime, end: datetime) -> Decimal | None:
    """Share of acceptance verdicts that failed (咨询误差率)."""
    from engagements.models import AcceptanceRequest

    row = AcceptanceRequest.objects.filter(verdict_at__gte=start, verdict_at__lt=end).aggregate(
        total=Count("id"), failed=Count("id", filter=Q(status="failed"))
    )
    return _percent(row["failed"], row["total"])


def completion_rate(start: datetime, end: datetime) -> Decimal | None:
    """Share of milestones planned in the window that were done by their planned date."""
    from engagements.models import Milestone

    row = Milestone.objects.filter(
        planned_date__gte=timezone.localdate(start), planned_date__lt=timezone.localdate(end)
    ).aggregate(
        total=Count("id"),
        on_time=Count(
            "id", filter=Q(actual_date__isnull=False, actual_date__lte=F("planned_date"))
        ),
    )
    return _percent(row["on_time"], row["total"])


def project_success_rate(start: datetime, end: datetime) -> Decimal | None:
    """Share of engagements scored in the window whose audit score passed."""
    from quality.models.audits import audit_settings

    bar = audit_settings().qualified_from
    row = AuditedEngagement.objects.filter(
        scored_at__gte=start, scored_at__lt=end, score__isnull=False
    ).aggregate(total=Count("id"), passed=Count("id", filter=Q(score__gte=bar)))
    return _percent(row["passed"], row["total"])


def audit_average_score(start: datetime, end: datetime) -> Decimal | None:
    value = AuditedEngagement.objects.filter(
        scored_at__gte=start, scored_at__lt=end, score__isnull=False
    ).aggregate(avg=Avg("score"))["avg"]
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def action_on_time_rate(start: datetime, end: datetime) -> Decimal | None:
    row = CorrectiveAction.objects.filter(closed_at__gte=start, closed_at__lt=end).aggregate(
        total=Count("id"),
        on_time=Count("id", filter=Q(closed_at__date__lte=F("due_date"))),
    )
    return _percent(row["on_time"], row["total"])


for _key, _fn in {
    "first_pass_rate": first_pass_rate,
    "error_rate": error_rate,
    "completion_rate": completion_rate,
    "project_success_rate": project_success_rate,
    "audit_average_score": audit_average_score,
    "action_on_time_rate": action_on_time_rate,
}.items():
    register_calculator(_key, _fn)


# --- lists and details -------------------------------------------------------------------------

OVERSIGHT = (Role.ADMIN, Role.QA_MANAGER, Role.TECHNICAL_DIRECTOR)


def kpi_dashboard() -> list[KpiObjective]:
    return list(KpiObjective.objects.filter(is_active=True).select_related("owner"))


def kpi_trend(objective: KpiObjective, limit: int = 12) -> list[Any]:
    return list(objective.measurements.order_by("-measured_at")[:limit])


def actions_visible_to(user: User) -> QuerySet[CorrectiveAction]:
    """The QA office sees every action; others the actions they own or on engagements they
    can see; client users none."""
    from engagements.permissions import visible_to

    qs = CorrectiveAction.objects.all()
    if not user.is_authenticated or not user.is_active or user.is_client_user or not user.roles:
        return qs.none()
    if user.has_role(*OVERSIGHT):
        return qs
    return qs.filter(Q(owner_id=user.pk) | Q(engagement__in=visible_to(user)))


def action_list(*, user: User, stage: str = "", source_kind: str = "", open_only: bool = False):
    qs = actions_visible_to(user).select_related("owner", "engagement")
    if stage:
        qs = qs.filter(stage=stage)
    if source_kind:
        qs = qs.filter(source_kind=source_kind)
    if open_only:
        qs = qs.exclude(stage=PdcaStage.CLOSED)
    return qs.order_by("-created_at", "-id")


def access_action(user: User, pk: int) -> CorrectiveAction:
    return get_object_or_404(
        actions_visible_to(user).select_related("owner", "engagement", "verified_by", "created_by"),
        pk=pk,
    )


def initiatives_visible_to(user: User) -> QuerySet[Initiative]:
    if not user.is_authenticated or not user.is_active or user.is_client_user or not user.roles:
        return Initiative.objects.none()
    return Initiative.objects.all()


def initiative_list(*, user: User):
    return initiatives_visible_to(user).select_related("owner").order_by("-created_at", "-id")


def cases_visible_to(user: User) -> QuerySet[CaseEntry]:
    """The case library is firm knowledge: every staff member reads it (IMP-3)."""
    if not user.is_authenticated or not user.is_active or user.is_client_user or not user.roles:
        return CaseEntry.objects.none()
    return CaseEntry.objects.all()


def case_search(
    *, user: User, q: str = "", service_type: str = "", industry: str = "", year: int | None = None
):
    qs = cases_visible_to(user).select_related("engagement")
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(summary__icontains=q)
            | Q(lessons__icontains=q)
            | Q(tags__icontains=q)
            | Q(engagement__code__icontains=q)
        )
    if service_type:
        qs = qs.filter(service_type=service_type)
    if industry:
        qs = qs.filter(industry=industry)
    if year:
        qs = qs.filter(Q(period_end__year=year) | Q(period_start__year=year))
    return qs.order_by("-period_end", "-id")


def case_industries() -> list[str]:
    return list(
        CaseEntry.objects.exclude(industry="")
        .order_by("industry")
        .values_list("industry", flat=True)
        .distinct()
    )


# --- the period quality report (QC-14) -----------------------------------------------------


@dataclass
class KpiReportRow:
    objective: KpiObjective
    value: Decimal | None
    status: str


@dataclass
class QualityReport:
    start: date
    end: date
    kpis: list[KpiReportRow] = field(default_factory=list)
    grade_distribution: dict[str, int] = field(default_factory=dict)
    audits_concluded: int = 0
    lowest: list[AuditedEngagement] = field(default_factory=list)
    actions_opened: int = 0
    actions_closed: int = 0
    actions_open_now: int = 0
    actions_overdue: int = 0
    actions_by_source: list[dict[str, Any]] = field(default_factory=list)


def quarter_bounds(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return start, end


def quality_report(*, start: date, end: date, lowest_count: int = 5) -> QualityReport:
    """Everything the period report shows, in a fixed number of queries: KPIs against their
    targets over the period, audit grade distribution, lowest-scoring engagements, and
    corrective actions opened, closed and still open. ``end`` is exclusive."""
    tz = timezone.get_current_timezone()
    since = datetime.combine(start, datetime.min.time(), tzinfo=tz)
    until = datetime.combine(end, datetime.min.time(), tzinfo=tz)
    report = QualityReport(start=start, end=end)
    for objective in KpiObjective.objects.filter(is_active=True):
        calculator = CALCULATORS.get(objective.calculator)
        value = calculator(since, until) if calculator else None
        report.kpis.append(KpiReportRow(objective, value, objective.status_for(value)))
    scored = AuditedEngagement.objects.filter(
        audit__status=AuditStatus.CONCLUDED,
        audit__concluded_at__gte=since,
        audit__concluded_at__lt=until,
        score__isnull=False,
    )
    report.grade_distribution = {
        row["grade"]: row["n"] for row in scored.values("grade").annotate(n=Count("id")).order_by()
    }
    report.audits_concluded = scored.values("audit_id").distinct().count()
    report.lowest = list(
        scored.select_related("audit", "engagement", "engagement__client").order_by("score", "id")[
            :lowest_count
        ]
    )
    today = timezone.localdate()
    counts = CorrectiveAction.objects.aggregate(
        opened=Count("id", filter=Q(created_at__gte=since, created_at__lt=until)),
        closed=Count("id", filter=Q(closed_at__gte=since, closed_at__lt=until)),
        open_now=Count("id", filter=~Q(stage=PdcaStage.CLOSED)),
        overdue=Count("id", filter=~Q(stage=PdcaStage.CLOSED) & Q(due_date__lt=today)),
    )
    report.actions_opened = counts["opened"]
    report.actions_closed = counts["closed"]
    report.actions_open_now = counts["open_now"]
    report.actions_overdue = counts["overdue"]
    report.actions_by_source = [
        dict(row)
        for row in CorrectiveAction.objects.filter(created_at__gte=since, created_at__lt=until)
        .values("source_kind")
        .annotate(n=Count("id"))
        .order_by("-n", "source_kind")
    ]
    return report
