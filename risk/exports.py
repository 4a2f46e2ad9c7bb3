"""Exportable lists of the risk app (P9): the firm-wide and per-engagement risk registers
and the incident list, filtered and scoped as their pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext_lazy as _

from core.exports import Column, ExportSpec, any_role, named, person, register
from risk import selectors as sel
from risk.choices import Impact, IncidentStatus, Likelihood, RiskStatus, Severity, Strategy
from risk.permissions import RISK_ROLES, access_engagement
from staff.models import User


def _risks(user: User, params: QueryDict) -> QuerySet[Any]:
    """As the register page: open risks by default, ``status=all`` for every status; the
    firm register unless ``engagement`` names one the user can see."""
    status = params.get("status", RiskStatus.OPEN)
    if status not in (*RiskStatus.values, "all"):
        status = RiskStatus.OPEN
    engagement = None
    raw = params.get("engagement", "")
    if raw:
        if not raw.isdecimal():
            raise Http404
        engagement = access_engagement(user, int(raw))
    return sel.risk_list(
        user=user,
        engagement=engagement,
        firm_only=engagement is None,
        status=None if status == "all" else status,
        category=params.get("category") or None,
    )


def _incidents(user: User, params: QueryDict) -> QuerySet[Any]:
    return sel.incident_list(user=user, open_only=params.get("open") == "1")


register(
    ExportSpec(
        key="risks",
        title=_("Risk register"),
        rows=_risks,
        allowed=any_role(*RISK_ROLES),
        columns=(
            Column(_("Code"), "code"),
            Column(_("Engagement"), "engagement__code"),
            Column(_("Title"), "title"),
            named(_("Category"), "category"),
            Column(_("Likelihood"), "likelihood", choices=Likelihood.choices),
            Column(_("Impact"), "impact", choices=Impact.choices),
            named(_("Level"), "level"),
            Column(_("Priority"), "priority"),
            Column(_("Strategy"), "strategy", choices=Strategy.choices),
            person(_("Owner"), "owner"),
            Column(_("Status"), "status", choices=RiskStatus.choices),
            Column(_("Created at"), "created_at"),
        ),
    )
)

register(
    ExportSpec(
        key="incidents",
        title=_("Incidents"),
        rows=_incidents,
        allowed=any_role(*RISK_ROLES),
        columns=(
            Column(_("Code"), "code"),
            Column(_("Engagement"), "engagement__code"),
            Column(_("Title"), "title"),
            named(_("Category"), "category"),
            Column(_("Severity"), "severity", choices=Severity.choices),
            Column(_("Status"), "status", choices=IncidentStatus.choices),
            person(_("Reported by"), "reported_by"),
            Column(_("Occurred at"), "occurred_at"),
            Column(_("Resolved at"), "resolved_at"),
            Column(_("Closed at"), "closed_at"),
        ),
    )
)
