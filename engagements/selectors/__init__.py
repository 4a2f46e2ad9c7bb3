"""Reads for engagement lists and details, with their related rows loaded up front."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from engagements.models import Engagement
from engagements.permissions import visible_to
from staff.models import User


def engagement_list(*, user: User) -> QuerySet[Engagement]:
    return (
        visible_to(user).select_related("client", "project_manager").order_by("-created_at", "-id")
    )


def engagement_stage_counts(*, user: User) -> dict[str, int]:
    rows = visible_to(user).order_by().values("stage").annotate(n=Count("id"))
    return {row["stage"]: row["n"] for row in rows}
