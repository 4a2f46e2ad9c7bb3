"""Reads for engagement lists and details, with their related rows loaded up front."""

from __future__ import annotations

import functools
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, QuerySet, Sum

from engagements.models import ContractCopy, Engagement, Quotation
from engagements.permissions import visible_to
from staff.models import User

# The columns lists show; the user row in particular is wide (password, flags, dates).
LIST_COLUMNS = [
    "id",
    "code",
    "title",
    "client_id",
    "client__name",
    "service_type",
    "stage",
    "project_manager_id",
    "project_manager__username",
    "project_manager__display_name",
    "project_manager__first_name",
    "project_manager__last_name",
    "source",
    "channel",
    "received_at",
    "answered_at",
    "held_stage",
    "created_at",
]


def engagement_list(*, user: User) -> QuerySet[Engagement]:
    return (
        visible_to(user)
        .select_related("client", "project_manager")
        .only(*LIST_COLUMNS)
        .order_by("-created_at", "-id")
    )


# The list API's row fields (P1): ids for the foreign keys, the names shown beside them.
LIST_VALUES = [
    "id",
    "code",
    "title",
    "client",
    "client__name",
    "service_type",
    "stage",
    "project_manager",
    "project_manager__display_name",
    "project_manager__username",
    "project_manager__first_name",
    "project_manager__last_name",
    "source",
    "channel",
    "received_at",
    "answered_at",
    "held_stage",
    "created_at",
]


@functools.cache
def _list_rows_query() -> QuerySet[Engagement, dict[str, Any]]:
    """Resolving 18 field paths and their two joins is a third of the ORM's work for a page;
    it is done once per process here, and each request clones the result (P1). Never
    evaluated itself, so no rows are ever cached on it."""
    return Engagement.objects.values(*LIST_VALUES).order_by("-created_at", "-id")


def engagement_list_rows(*, user: User) -> QuerySet[Engagement, dict[str, Any]]:
    """:func:`engagement_list` as plain rows (``LIST_VALUES``), for the API list (P1)."""
    return visible_to(user, queryset=_list_rows_query())


def engagement_stage_counts(*, user: User) -> dict[str, int]:
    rows = visible_to(user).order_by().values("stage").annotate(n=Count("id"))
    return {row["stage"]: row["n"] for row in rows}


def engagement_detail(*, user: User, pk: int) -> Engagement:
    """The engagement with its one-to-one records loaded (404 if not visible)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        visible_to(user).select_related(
            "client",
            "project_manager",
            "requirements",
            "feasibility",
            "proposal",
            "contract__signed_by",
        ),
        pk=pk,
    )


def quotation_versions(*, engagement: Engagement) -> QuerySet[Quotation]:
    """Versions newest first with totals computed in SQL (ENG-4)."""
    amount = ExpressionWrapper(
        F("lines__quantity") * F("lines__unit_price"), output_field=DecimalField()
    )
    return (
        Quotation.objects.filter(engagement=engagement)
        .annotate(total=Sum(amount))
        .prefetch_related("lines")
        .order_by("-version")
    )


def timeline(*, engagement: Engagement, limit: int = 50) -> list[dict[str, Any]]:
    """Everything that happened, newest first: stage moves, reviews, quotations, copies."""
    events: list[dict[str, Any]] = []
    for t in engagement.transitions.select_related("actor").order_by("-at")[:limit]:
        events.append({"at": t.at, "kind": "transition", "actor": t.actor, "obj": t})
    for r in engagement.reviews.select_related("reviewer").order_by("-at")[:limit]:
        events.append({"at": r.at, "kind": "review", "actor": r.reviewer, "obj": r})
    for q in engagement.quotations.select_related("created_by").order_by("-created_at")[:limit]:
        events.append({"at": q.created_at, "kind": "quotation", "actor": q.created_by, "obj": q})
    copies = ContractCopy.objects.filter(contract__engagement=engagement).select_related(
        "distributed_by"
    )
    for c in copies.order_by("-distributed_at")[:limit]:
        events.append({"at": c.distributed_at, "kind": "copy", "actor": c.distributed_by, "obj": c})
    events.sort(key=lambda e: e["at"], reverse=True)
    return events[:limit]


def engagement_board(*, user: User, per_stage: int = 12) -> list[dict[str, Any]]:
    """The main-line stages with their newest engagements (one query, a window function)
    and each stage's count (one grouped query)."""
    from django.db.models import Window
    from django.db.models.functions import RowNumber

    from engagements.choices import MAIN_LINE

    ranked = (
        engagement_list(user=user)
        .filter(stage__in=MAIN_LINE)
        .annotate(rank=Window(RowNumber(), partition_by=[F("stage")], order_by=F("id").desc()))
        .filter(rank__lte=per_stage)
    )
    by_stage: dict[str, list[Engagement]] = {}
    for engagement in ranked:
        by_stage.setdefault(engagement.stage, []).append(engagement)
    counts = engagement_stage_counts(user=user)
    return [
        {
            "stage": stage.value,
            "label": stage.label,
            "rows": by_stage.get(stage.value, []),
            "count": counts.get(stage.value, 0),
        }
        for stage in MAIN_LINE
    ]
