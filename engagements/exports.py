"""Exportable lists of the engagements app (P9): the engagement list, with its page's
FilterSet and ``visible_to`` scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.exports import Column, ExportSpec, any_role, filtered, person, register
from core.navigation import ALL_STAFF
from engagements.choices import ServiceType, Stage
from engagements.filters import EngagementFilter
from engagements.permissions import visible_to
from engagements.views.lifecycle import LIST_SORTS
from staff.models import User


def _engagements(user: User, params: QueryDict) -> QuerySet[Any]:
    qs = visible_to(user).order_by("-id")
    order = LIST_SORTS.get(params.get("sort", "newest"), "-id")
    return filtered(EngagementFilter, params, qs).order_by(order)


register(
    ExportSpec(
        key="engagements",
        title=_("Engagements"),
        filename="engagements",
        rows=_engagements,
        allowed=any_role(*ALL_STAFF),
        columns=(
            Column(_("Code"), "code"),
            Column(_("Title"), "title"),
            Column(_("Client"), "client__name"),
            Column(_("Service type"), "service_type", choices=ServiceType.choices),
            Column(_("Stage"), "stage", choices=Stage.choices),
            person(_("Project manager"), "project_manager"),
            Column(_("Major engagement"), "is_major"),
            Column(_("Budget"), "budget"),
            Column(_("Created at"), "created_at"),
        ),
    )
)
