"""Monitoring KPIs of one engagement, computed in SQL (ENG-9): schedule deviation rate and
cost overrun rate, each against the firm's warning threshold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from engagements.models import Engagement
from engagements.models.plan import ExpenseEntry, Milestone, TimeEntry
from engagements.models.settings import monitoring_settings

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


@dataclass(frozen=True)
class Kpi:
    value: Decimal | None  # a share (0.25 = 25 %), None when there is nothing to measure yet
    threshold: Decimal
    detail: str

    @property
    def breached(self) -> bool:
        return self.value is not None and self.value > self.threshold


@dataclass(frozen=True)
class EngagementKpis:
    schedule_deviation: Kpi
    cost_overrun: Kpi
    actual_cost: Decimal
    budget: Decimal | None


def engagement_kpis(*, engagement: Engagement, today: date | None = None) -> EngagementKpis:
    """Three aggregate queries plus the settings row, whatever the engagement's size."""
    today = today or timezone.localdate()
    settings = monitoring_settings()
    due = Q(planned_date__lte=today)
    late = due & (
        Q(actual_date__isnull=True, planned_date__lt=today) | Q(actual_date__gt=F("planned_date"))
    )
    counts = Milestone.objects.filter(engagement=engagement).aggregate(
        due=Count("id", filter=due), late=Count("id", filter=late)
    )
    hours = TimeEntry.objects.filter(engagement=engagement).aggregate(
        total=Coalesce(Sum("hours"), ZERO)
    )["total"]
    spent = ExpenseEntry.objects.filter(engagement=engagement).aggregate(
        total=Coalesce(Sum("amount"), ZERO)
    )["total"]
    actual = (Decimal(hours) * settings.hourly_cost_rate + Decimal(spent)).quantize(Decimal("0.01"))
    schedule = Kpi(
        value=(Decimal(counts["late"]) / counts["due"]).quantize(Decimal("0.0001"))
        if counts["due"]
        else None,
        threshold=Decimal(settings.schedule_deviation_warning) / 100,
        detail=f"{counts['late']}/{counts['due']}",
    )
    budget = engagement.budget
    cost = Kpi(
        value=((actual - budget) / budget).quantize(Decimal("0.0001")) if budget else None,
        threshold=Decimal(settings.cost_overrun_warning) / 100,
        detail=f"{actual}/{budget}" if budget else f"{actual}",
    )
    return EngagementKpis(
        schedule_deviation=schedule, cost_overrun=cost, actual_cost=actual, budget=budget
    )
