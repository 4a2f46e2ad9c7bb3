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

from core.figures import Whole, one_row, setting
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
Parts = dict[str, QuerySet[Any]]


@dataclass(frozen=True)
class SqlCalculator:
    """A calculator whose SQL can share one query with other figures (P6): ``parts(start,
    end)`` gives one-row aggregate querysets (``core.figures``) and ``finish(row)`` turns
    their values, keyed ``"<part>__<column>"``, into the KPI value. Called alone it still
    answers ``fn(start, end)`` like any calculator, in one query."""

    parts: Callable[[datetime, datetime], Parts]
    finish: Callable[[dict[str, Any]], Decimal | None]

    def __call__(self, start: datetime, end: datetime) -> Decimal | None:
        return self.finish(one_row(self.parts(start, end)))


def register_calculator(key: str, fn: Calculator) -> None:
    """Make ``fn(start, end)`` available to objectives whose ``calculator`` is ``key``."""
    CALCULATORS[key] = fn


def _percent(part: int | None, whole: int | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"))


def _first_pass_parts(start: datetime, end: datetime) -> Parts:
    from engagements.models import AcceptanceRequest

    rows = AcceptanceRequest.objects.filter(round=1, verdict_at__gte=start, verdict_at__lt=end)
    return {
        "r": rows.values(
            total=Whole(Count("id")), passed=Whole(Count("id", filter=Q(status="passed")))
        )
    }


# Share of engagements whose first acceptance round passed, of those decided.
first_pass_rate = SqlCalculator(
    _first_pass_parts, lambda row: _percent(row["r__passed"], row["r__total"])
)


def _error_parts(start: datetime, end: datetime) -> Parts:
    from engagements.models import AcceptanceRequest

    rows = AcceptanceRequest.objects.filter(verdict_at__gte=start, verdict_at__lt=end)
    return {
        "r": rows.values(
            total=Whole(Count("id")), failed=Whole(Count("id", filter=Q(status="failed")))
        )
    }


# Share of acceptance verdicts that failed (咨询误差率).
error_rate = SqlCalculator(_error_parts, lambda row: _percent(row["r__failed"], row["r__total"]))


def _completion_parts(start: datetime, end: datetime) -> Parts:
    from engagements.models import Milestone

    rows = Milestone.objects.filter(
        planned_date__gte=timezone.localdate(start), planned_date__lt=timezone.localdate(end)
    )
    on_time = Q(actual_date__isnull=False, actual_date__lte=F("planned_date"))
    return {"r": rows.values(total=Whole(Count("id")), on_time=Whole(Count("id", filter=on_time)))}


# Share of milestones planned in the window that were done by their planned date.
completion_rate = SqlCalculator(
    _completion_parts, lambda row: _percent(row["r__on_time"], row["r__total"])
)


def _scored(start: datetime, end: datetime) -> QuerySet[AuditedEngagement]:
    return AuditedEngagement.objects.filter(
        scored_at__gte=start, scored_at__lt=end, score__isnull=False
    )


def _success_parts(start: datetime, end: datetime) -> Parts:
    from quality.models.audits import AuditSettings

    bar = setting(AuditSettings, "qualified_from")
    return {
        "r": _scored(start, end).values(
            total=Whole(Count("id")), passed=Whole(Count("id", filter=Q(score__gte=bar)))
        )
    }


# Share of engagements scored in the window whose audit score passed.
project_success_rate = SqlCalculator(
    _success_parts, lambda row: _percent(row["r__passed"], row["r__total"])
)


def _average_finish(row: dict[str, Any]) -> Decimal | None:
    value = row["r__avg"]
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


audit_average_score = SqlCalculator(
    lambda start, end: {"r": _scored(start, end).values(avg=Whole(Avg("score")))},
    _average_finish,
)


def _action_on_time_parts(start: datetime, end: datetime) -> Parts:
    rows = CorrectiveAction.objects.filter(closed_at__gte=start, closed_at__lt=end)
    on_time = Q(closed_at__date__lte=F("due_date"))
    return {"r": rows.values(total=Whole(Count("id")), on_time=Whole(Count("id", filter=on_time)))}


action_on_time_rate = SqlCalculator(
    _action_on_time_parts, lambda row: _percent(row["r__on_time"], row["r__total"])
)


for _key, _fn in {
    "first_pass_rate": first_pass_rate,
    "error_rate": error_rate,
    "completion_rate": completion_rate,
    "project_success_rate": project_success_rate,
    "audit_average_score": audit_average_score,
    "action_on_time_rate": action_on_time_rate,
}.items():
    register_calculator(_key, _fn)


def kpi_values(
    objectives: list[KpiObjective], start: datetime, end: datetime, *, extra: Parts | None = None
) -> tuple[dict[int, Decimal | None], dict[str, Any]]:
    """Every objective's value over [start, end) and the ``extra`` figures, the SQL
    calculators' parts and ``extra`` in one query (P6); a plain calculator costs its own.
    Answers ``({objective pk: value}, {extra key: value})``."""
    parts: Parts = {f"x_{name}": qs for name, qs in (extra or {}).items()}
    plain: dict[int, Calculator] = {}
    sql: dict[int, SqlCalculator] = {}
    for objective in objectives:
        calculator = CALCULATORS.get(objective.calculator)
        if isinstance(calculator, SqlCalculator):
            sql[objective.pk] = calculator
            for name, qs in calculator.parts(start, end).items():
                parts[f"k{objective.pk}_{name}"] = qs
        elif calculator is not None:
            plain[objective.pk] = calculator
    row = one_row(parts)

    def strip(prefix: str) -> dict[str, Any]:
        return {k[len(prefix) :]: v for k, v in row.items() if k.startswith(prefix)}

    values: dict[int, Decimal | None] = {}
    for objective in objectives:
        if objective.pk in sql:
            values[objective.pk] = sql[objective.pk].finish(strip(f"k{objective.pk}_"))
        elif objective.pk in plain:
            values[objective.pk] = plain[objective.pk](start, end)
        else:
            values[objective.pk] = None
    return values, strip("x_")


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
    extra: dict[str, Any] = field(default_factory=dict)


def quarter_bounds(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return start, end


def quality_report(
    *, start: date, end: date, lowest_count: int = 5, extra: Parts | None = None
) -> QualityReport:
    """Everything the period report shows, in three queries whatever the data (P6): the
    active objectives; one SELECT with every KPI against its target over the period, the
    audit grade distribution and corrective actions opened, closed and still open (plus the
    caller's ``extra`` figures, answered in ``report.extra``); and the lowest-scoring
    engagements. ``end`` is exclusive."""
    from quality.models.audits import Grade
    from quality.models.improvement import ActionSource

    tz = timezone.get_current_timezone()
    since = datetime.combine(start, datetime.min.time(), tzinfo=tz)
    until = datetime.combine(end, datetime.min.time(), tzinfo=tz)
    report = QualityReport(start=start, end=end)
    grades = ["", *Grade.values]  # the grade field may be blank
    scored = AuditedEngagement.objects.filter(
        audit__status=AuditStatus.CONCLUDED,
        audit__concluded_at__gte=since,
        audit__concluded_at__lt=until,
        score__isnull=False,
    )
    today = timezone.localdate()
    opened = Q(created_at__gte=since, created_at__lt=until)
    open_now = ~Q(stage=PdcaStage.CLOSED)
    parts: Parts = {
        **(extra or {}),
        "_grades": scored.values(
            audits=Whole(Count("audit_id", distinct=True)),
            **{f"g_{g}": Whole(Count("id", filter=Q(grade=g))) for g in grades},
        ),
        "_actions": CorrectiveAction.objects.values(
            opened=Whole(Count("id", filter=opened)),
            closed=Whole(Count("id", filter=Q(closed_at__gte=since, closed_at__lt=until))),
            open_now=Whole(Count("id", filter=open_now)),
            overdue=Whole(Count("id", filter=open_now & Q(due_date__lt=today))),
            **{
                k: Whole(Count("id", filter=opened & Q(source_kind=k))) for k in ActionSource.values
            },
        ),
    }
    objectives = list(KpiObjective.objects.filter(is_active=True))
    values, row = kpi_values(objectives, since, until, extra=parts)
    for objective in objectives:
        value = values[objective.pk]
        report.kpis.append(KpiReportRow(objective, value, objective.status_for(value)))
    # Only the grades that occur, like a GROUP BY would answer.
    report.grade_distribution = {
        g: row[f"_grades__g_{g}"] for g in grades if row[f"_grades__g_{g}"]
    }
    report.audits_concluded = row["_grades__audits"]
    report.actions_opened = row["_actions__opened"]
    report.actions_closed = row["_actions__closed"]
    report.actions_open_now = row["_actions__open_now"]
    report.actions_overdue = row["_actions__overdue"]
    by_source = [
        {"source_kind": k, "n": row[f"_actions__{k}"]}
        for k in ActionSource.values
        if row[f"_actions__{k}"]
    ]
    report.actions_by_source = sorted(by_source, key=lambda r: (-r["n"], r["source_kind"]))
    report.extra = {k: v for k, v in row.items() if not k.startswith("_")}
    report.lowest = list(
        scored.select_related("audit", "engagement", "engagement__client").order_by("score", "id")[
            :lowest_count
        ]
    )
    return report
