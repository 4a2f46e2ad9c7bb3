"""Appraisal figures computable from the engagements app (STF-3), registered at start-up.
Both read milestones by their planned and actual dates, so a past period gives the same
answer whenever it is computed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from engagements.models import Milestone
from staff.appraisal import register_figure
from staff.models import User


def _owned(user: User, start: date, end: date) -> QuerySet[Milestone]:
    return Milestone.objects.filter(owner=user, planned_date__gte=start, planned_date__lte=end)


def on_time_milestones(user: User, start: date, end: date) -> Decimal | None:
    """Share of the milestones the person owned, due in the period, that were completed on
    or before their planned date; None when none were due."""
    counts = _owned(user, start, end).aggregate(
        due=Count("id"),
        on_time=Count("id", filter=Q(actual_date__isnull=False, actual_date__lte=_planned())),
    )
    if not counts["due"]:
        return None
    return Decimal(100) * counts["on_time"] / counts["due"]


def _planned() -> F:
    return F("planned_date")


def milestones_owned(user: User, start: date, end: date) -> int:
    """Milestones the person owned that were due in the period."""
    return _owned(user, start, end).count()


def milestones_source(user: User, start: date, end: date) -> str:
    query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
    return reverse("staff:figure_milestones", args=[user.pk]) + "?" + query


def register() -> None:
    register_figure(
        "engagements.on_time_milestones",
        _("On-time milestones"),
        on_time_milestones,
        milestones_source,
        unit="%",
        order=10,
    )
    register_figure(
        "engagements.milestones_owned",
        _("Milestones owned"),
        milestones_owned,
        milestones_source,
        order=20,
    )
