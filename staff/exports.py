"""Exportable lists of the staff app (P9): the people list, with its search and scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.exports import Column, ExportSpec, any_role, register
from core.navigation import ROLES_FOR
from staff.models import User
from staff.selectors import people_list


def _people(user: User, params: QueryDict) -> QuerySet[Any]:
    # people_list prefetches groups for the page's role badges; an export reads plain values.
    return people_list(user, q=params.get("q", "").strip()[:100]).prefetch_related(None)


def _self_name() -> object:
    from django.db.models import F, Value
    from django.db.models.functions import Coalesce, NullIf

    return Coalesce(NullIf(F("display_name"), Value("")), F("username"))


register(
    ExportSpec(
        key="people",
        title=_("Staff"),
        rows=_people,
        allowed=any_role(*ROLES_FOR["staff"]),
        columns=(
            Column(_("Username"), "username"),
            Column(_("Name"), "export_name", expression=_self_name),
            Column(_("Department"), "staff_profile__department"),
            Column(_("Position"), "staff_profile__position"),
            Column(_("Joined on"), "staff_profile__joined_on"),
            Column(_("Certificates expiring soon"), "expiring_count"),
            Column(_("Has an expired certificate"), "has_expired"),
        ),
    )
)
