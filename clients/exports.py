"""Exportable lists of the clients app (P9): clients and complaints, scoped as their pages.
A client user exports only their own organisation's complaints (SEC-2)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from clients import selectors as sel
from clients.choices import ComplaintChannel, ComplaintNature, ComplaintSeverity, ComplaintStatus
from clients.permissions import RELATIONS_ROLES
from core.exports import Column, ExportSpec, any_role, choice, register
from staff.choices import Role
from staff.models import User


def _clients(user: User, params: QueryDict) -> QuerySet[Any]:
    return sel.client_list(user=user)


def _complaints(user: User, params: QueryDict) -> QuerySet[Any]:
    # The same selector serves the staff list and the portal list; its scope is
    # complaints_visible_to(user), so a client user gets their organisation's rows only.
    return sel.complaint_list(
        user=user,
        status=choice(params, "status", ComplaintStatus.values),
        q=params.get("q", "").strip(),
    )


register(
    ExportSpec(
        key="clients",
        title=_("Clients"),
        rows=_clients,
        allowed=any_role(*RELATIONS_ROLES),
        columns=(
            Column(_("Code"), "code"),
            Column(_("Name"), "name"),
            Column(_("Industry"), "industry"),
            Column(_("Engagements"), "engagement_count"),
            Column(_("Created at"), "created_at"),
        ),
    )
)

register(
    ExportSpec(
        key="complaints",
        title=_("Complaints"),
        rows=_complaints,
        allowed=any_role(*RELATIONS_ROLES, Role.CLIENT),
        columns=(
            Column(_("Reference"), "reference"),
            Column(_("Client"), "client__name"),
            Column(_("Engagement"), "engagement__code"),
            Column(_("Subject"), "subject"),
            Column(_("Channel"), "channel", choices=ComplaintChannel.choices),
            Column(_("Nature"), "nature", choices=ComplaintNature.choices),
            Column(_("Severity"), "severity", choices=ComplaintSeverity.choices),
            Column(_("Status"), "status", choices=ComplaintStatus.choices),
            Column(_("Received at"), "received_at"),
            Column(_("First response at"), "responded_at"),
            Column(_("Closed at"), "closed_at"),
        ),
    )
)
