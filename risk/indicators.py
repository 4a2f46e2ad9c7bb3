"""Early-warning indicators (RSK-6). An indicator is a key, a label and a function that
computes its current value for many scopes at once in SQL. Other apps register theirs at
start-up (``AppConfig.ready``)::

    from risk.indicators import register_indicator
    register_indicator("csat", _("Client satisfaction"), csat_by_engagement,
                       worse="below", default_threshold=lambda: Decimal("0.90"))

``fn()`` returns ``{engagement_id or None: value}`` (``None`` = a firm-wide value); a value of
``None`` means "nothing to measure yet" and never warns. ``worse`` says which side of the
threshold is a crossing. ``default_threshold()`` applies where no firm threshold row exists.
The two engagement KPIs of ENG-9 are registered here, computed with the same formulas as
``engagements.selectors.kpis`` but for every running engagement in one query each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from engagements.choices import Stage
from engagements.models import Engagement
from engagements.models.plan import ExpenseEntry, Milestone, TimeEntry
from engagements.models.settings import monitoring_settings

Values = dict[int | None, Decimal | None]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    fn: Callable[[], Values]
    worse: Literal["above", "below"] = "above"
    default_threshold: Callable[[], Decimal | None] | None = None
    percent: bool = True

    def crossed(self, value: Decimal | None, threshold: Decimal) -> bool:
        if value is None:
            return False
        return value > threshold if self.worse == "above" else value < threshold


INDICATORS: dict[str, Indicator] = {}


def register_indicator(
    key: str,
    label: str | Promise,
    fn: Callable[[], Values],
    *,
    worse: Literal["above", "below"] = "above",
    default_threshold: Callable[[], Decimal | None] | None = None,
    percent: bool = True,
) -> Indicator:
    """Add (or replace, for reloads) an indicator evaluated by the early-warning sweep."""
    indicator = Indicator(key, label, fn, worse, default_threshold, percent)
    INDICATORS[key] = indicator
    return indicator


# Engagements that are being worked on: KPIs of leads or closed engagements mean nothing.
MONITORED_STAGES = [
    Stage.KICKOFF,
    Stage.EXECUTION,
    Stage.DELIVERY,
    Stage.ACCEPTANCE,
    Stage.FOLLOW_UP,
]


def monitored_engagements() -> QuerySet[Engagement]:
    return Engagement.objects.filter(stage__in=MONITORED_STAGES)


def schedule_deviation(today: date | None = None) -> Values:
    """Late milestones / milestones due so far, per engagement (ENG-9), in one query."""
    today = today or timezone.localdate()
    due = Q(planned_date__lte=today)
    late = due & (
        Q(actual_date__isnull=True, planned_date__lt=today) | Q(actual_date__gt=F("planned_date"))
    )
    rows = (
        Milestone.objects.filter(engagement__in=monitored_engagements())
        .values("engagement_id")
        .annotate(due=Count("id", filter=due), late=Count("id", filter=late))
    )
    return {
        row["engagement_id"]: (Decimal(row["late"]) / row["due"]).quantize(Decimal("0.0001"))
        if row["due"]
        else None
        for row in rows
    }


MONEY = DecimalField(max_digits=14, decimal_places=2)


def cost_overrun() -> Values:
    """(actual cost − budget) / budget per engagement with a budget (ENG-9), in one query."""
    rate = monitoring_settings().hourly_cost_rate
    hours = (
        TimeEntry.objects.filter(engagement=OuterRef("pk"))
        .values("engagement")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    spent = (
        ExpenseEntry.objects.filter(engagement=OuterRef("pk"))
        .values("engagement")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    rows = (
        monitored_engagements()
        .filter(budget__gt=0)
        .annotate(
            actual=ExpressionWrapper(
                Coalesce(Subquery(hours, output_field=MONEY), Value(Decimal("0")))
                * Value(rate, output_field=MONEY)
                + Coalesce(Subquery(spent, output_field=MONEY), Value(Decimal("0"))),
                output_field=MONEY,
            )
        )
        .values_list("pk", "actual", "budget")
    )
    return {
        pk: ((Decimal(actual).quantize(Decimal("0.01")) - budget) / budget).quantize(
            Decimal("0.0001")
        )
        for pk, actual, budget in rows
        if budget  # the query keeps budgets > 0 only
    }


def _schedule_default() -> Decimal:
    return Decimal(monitoring_settings().schedule_deviation_warning) / 100


def _cost_default() -> Decimal:
    return Decimal(monitoring_settings().cost_overrun_warning) / 100


register_indicator(
    "schedule_deviation",
    _("Schedule deviation rate"),
    schedule_deviation,
    default_threshold=_schedule_default,
)
register_indicator(
    "cost_overrun", _("Cost overrun rate"), cost_overrun, default_threshold=_cost_default
)
