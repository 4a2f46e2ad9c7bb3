"""The four role dashboards (consultant, project manager, QA manager, admin): each gathers its
figures from :mod:`core.dashboards.selectors` and draws its charts with :mod:`core.charts`.
At most seven queries per dashboard, none growing with the data (P8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import charts
from core.dashboards import selectors as sel
from core.models.dashboards import FigureMetric
from staff.choices import Role
from staff.models import User

DASHBOARDS: dict[str, Any] = {
    "admin": gettext_lazy("Firm-wide"),
    "qa": gettext_lazy("Quality"),
    "pm": gettext_lazy("My engagements"),
    "consultant": gettext_lazy("My work"),
}


def available(user: User) -> list[str]:
    """The dashboards this user's roles open, the most senior first."""
    kinds = []
    if user.has_role(Role.ADMIN):
        kinds.append("admin")
    if user.has_role(Role.QA_MANAGER, Role.TECHNICAL_DIRECTOR, Role.ADMIN):
        kinds.append("qa")
    if user.has_role(Role.PROJECT_MANAGER):
        kinds.append("pm")
    kinds.append("consultant")
    return kinds


def month_label(month: date) -> str:
    if (translation.get_language() or "").startswith("zh"):
        return f"{month.month}月"
    return month.strftime("%b")


@dataclass(frozen=True)
class ChartCard:
    """A chart's visible heading and its SVG (the SVG also carries the title for a11y)."""

    title: str
    svg: SafeString


# --- charts (plain data in, SVG out: the PDF reports can call these too) -----------------------


def csat_chart(figures: list[tuple[date, Any]]) -> ChartCard:
    labels = [month_label(m) for m, _f in figures]
    rate = [round(f.hits * 100 / f.count, 1) if f and f.count else None for _m, f in figures]
    mean = [round(f.total / f.count * 20, 1) if f and f.count else None for _m, f in figures]
    responses = sum(f.count for _m, f in figures if f)
    title = _("Client satisfaction over time")
    return ChartCard(
        title,
        charts.line_chart(
            title=title,
            desc=_(
                "Share of satisfied answers and mean score (as %% of 5) per month, "
                "%(n)s answers in the last 12 months."
            )
            % {"n": responses},
            labels=labels,
            series=[
                charts.Series(_("Satisfied %"), rate, charts.BRAND),
                charts.Series(_("Mean score %"), mean, charts.OK),
            ],
            y_max=100,
        ),
    )


def sla_chart(figures: list[tuple[date, Any]]) -> ChartCard:
    recent = figures[-6:]
    title = _("SLA performance")
    return ChartCard(
        title,
        charts.bar_chart(
            title=title,
            desc=_("SLA clocks due per month: met on time and breached."),
            labels=[month_label(m) for m, _f in recent],
            series=[
                charts.Series(
                    _("Met on time"), [f.hits if f else 0 for _m, f in recent], charts.OK
                ),
                charts.Series(
                    _("Breached"), [f.misses if f else 0 for _m, f in recent], charts.BAD
                ),
            ],
        ),
    )


GRADE_COLOURS = {"excellent": charts.OK, "qualified": charts.BRAND, "unqualified": charts.BAD}


def audit_grade_chart(grades: list[tuple[str, str, int]]) -> ChartCard:
    total = sum(n for _v, _l, n in grades)
    title = _("Audit grade distribution")
    return ChartCard(
        title,
        charts.bar_chart(
            title=title,
            desc=_("Audited engagements by grade over the last 12 months: %(n)s in all.")
            % {"n": total},
            labels=[label for _v, label, _n in grades],
            series=[charts.Series(_("Audited engagements"), [n for _v, _l, n in grades])],
            bar_colours=[GRADE_COLOURS.get(v, charts.BRAND) for v, _l, _n in grades],
            css="chart-bar chart-grades",
        ),
    )


def _short(name: str, limit: int = 24) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def kpi_chart(months: list[date], objectives: list[dict[str, Any]]) -> ChartCard:
    english = translation.get_language() == "en"
    series = [
        charts.Series(
            _short(o["name_en"] if english and o["name_en"] else o["name"]),
            [o["values"].get(m) for m in months],
        )
        for o in objectives
    ]
    title = _("KPI trends")
    return ChartCard(
        title,
        charts.line_chart(
            title=title,
            desc=_(
                "Monthly mean of each quality objective's measurements over the last 12 months."
            ),
            labels=[month_label(m) for m in months],
            series=series or [charts.Series(_("No data"), [None] * len(months))],
        ),
    )


def engagements_chart(figures: list[tuple[date, Any]]) -> ChartCard:
    title = _("New engagements per month")
    return ChartCard(
        title,
        charts.bar_chart(
            title=title,
            desc=_("Engagements opened in each of the last 12 months."),
            labels=[month_label(m) for m, _f in figures],
            series=[
                charts.Series(_("New engagements"), [f.count if f else 0 for _m, f in figures])
            ],
        ),
    )


def heat_chart(heat: Any) -> ChartCard:
    title = _("Risk heat map")
    return ChartCard(
        title,
        charts.heat_map(
            title=title,
            desc=_("Open risks by likelihood and impact: %(n)s in all.")
            % {"n": sum(c.count for r in heat.rows for c in r.cells)},
            row_labels=[r.label for r in heat.rows],
            column_labels=[str(label) for _v, label in heat.impacts],
            cells=[
                [charts.HeatCell(c.count, c.colour, str(c.level)) for c in r.cells]
                for r in heat.rows
            ],
            row_axis=_("Likelihood"),
            column_axis=_("Impact"),
        ),
    )


def stages(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    from engagements.choices import Stage

    return [(value, str(label), counts.get(value, 0)) for value, label in Stage.choices]


# --- dashboards -------------------------------------------------------------------------------


@dataclass
class KpiRow:
    engagement: Any
    schedule: Decimal | None
    cost: Decimal | None
    schedule_breached: bool
    cost_breached: bool


def consultant(user: User) -> dict[str, Any]:
    from engagements.selectors import engagement_stage_counts

    today = timezone.localdate()
    milestones = sel.my_milestones(user, today=today)
    overdue = milestones.rows[0].overdue_total if milestones.rows else 0
    return {
        "milestones": milestones,
        "milestones_overdue": overdue,
        "actions": sel.my_overdue_actions(user, today=today),
        "today": today,
        "stages": stages(engagement_stage_counts(user=user)),
    }


def project_manager(user: User) -> dict[str, Any]:
    from engagements.models.settings import monitoring_settings

    today = timezone.localdate()
    settings = monitoring_settings()
    schedule_limit = Decimal(settings.schedule_deviation_warning)
    cost_limit = Decimal(settings.cost_overrun_warning)
    engagements = sel.my_engagement_kpis(user, today=today)
    rows = []
    for e in engagements.rows:
        schedule = (Decimal(e.late_count) * 100 / e.due_count) if e.due_count else None
        actual = Decimal(e.hours) * settings.hourly_cost_rate + Decimal(e.spent)
        cost = ((actual - e.budget) * 100 / e.budget) if e.budget else None
        rows.append(
            KpiRow(
                engagement=e,
                schedule=schedule,
                cost=cost,
                schedule_breached=schedule is not None and schedule > schedule_limit,
                cost_breached=cost is not None and cost > cost_limit,
            )
        )
    return {
        "kpis": rows,
        "kpi_total": engagements.total,
        "schedule_limit": schedule_limit,
        "cost_limit": cost_limit,
        "heat_chart": heat_chart(sel.risk_heat(user, mine_only=True)),
    }


def quality_manager(user: User) -> dict[str, Any]:
    since = timezone.localdate() - timedelta(days=365)
    months, objectives = sel.kpi_trends()
    return {
        "reviews": sel.review_queue(user),
        "breaches": sel.open_kpi_breaches(),
        "clocks": sel.overdue_clocks(now=timezone.now()),
        "grades_chart": audit_grade_chart(sel.audit_grades(since=since)),
        "kpi_chart": kpi_chart(months, objectives),
        "csat_chart": csat_chart(sel.monthly(FigureMetric.CSAT)),
    }


def firm(user: User) -> dict[str, Any]:
    from engagements.selectors import engagement_stage_counts

    since = timezone.localdate() - timedelta(days=365)
    months, objectives = sel.kpi_trends()
    csat = sel.monthly(FigureMetric.CSAT)
    stamps = [f.refreshed_at for _m, f in csat if f]
    return {
        "csat_chart": csat_chart(csat),
        "sla_chart": sla_chart(sel.monthly(FigureMetric.SLA)),
        "engagements_chart": engagements_chart(sel.monthly(FigureMetric.ENGAGEMENTS)),
        "grades_chart": audit_grade_chart(sel.audit_grades(since=since)),
        "kpi_chart": kpi_chart(months, objectives),
        "refreshed_at": max(stamps) if stamps else None,
        "stages": stages(engagement_stage_counts(user=user)),
    }


BUILDERS = {"admin": firm, "qa": quality_manager, "pm": project_manager, "consultant": consultant}


def dashboard(user: User, kind: str) -> dict[str, Any]:
    return BUILDERS[kind](user)
