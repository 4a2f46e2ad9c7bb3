"""Exportable lists of the quality app (P9): audits and corrective actions, with their pages'
filters and scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.exports import Column, ExportSpec, any_role, choice, person, register
from core.navigation import ROLES_FOR
from quality.models.audits import AuditKind, AuditStatus, Grade
from quality.models.improvement import ActionSource, PdcaStage, ProblemNature, Severity
from quality.selectors.audits import audit_list
from quality.selectors.improvement import action_list
from staff.models import User

QUALITY_ROLES = ROLES_FOR["quality"]


def _audits(user: User, params: QueryDict) -> QuerySet[Any]:
    return audit_list(
        user=user,
        kind=choice(params, "kind", AuditKind.values),
        status=choice(params, "status", AuditStatus.values),
    )


def _actions(user: User, params: QueryDict) -> QuerySet[Any]:
    return action_list(
        user=user,
        stage=choice(params, "stage", PdcaStage.values),
        source_kind=choice(params, "source", ActionSource.values),
        open_only=params.get("open") == "1",
    )


register(
    ExportSpec(
        key="audits",
        title=_("Audits"),
        rows=_audits,
        allowed=any_role(*QUALITY_ROLES),
        columns=(
            Column(_("Code"), "code"),
            Column(_("Title"), "title"),
            Column(_("Kind"), "kind", choices=AuditKind.choices),
            Column(_("Planned date"), "planned_date"),
            person(_("Lead auditor"), "lead_auditor"),
            Column(_("Status"), "status", choices=AuditStatus.choices),
            Column(_("Engagements"), "engagement_count"),
            Column(_("Scored"), "scored_count"),
            Column(_("Conclusion score"), "conclusion_score"),
            Column(_("Conclusion grade"), "conclusion_grade", choices=Grade.choices),
            Column(_("Concluded at"), "concluded_at"),
        ),
    )
)

register(
    ExportSpec(
        key="actions",
        title=_("Corrective actions"),
        rows=_actions,
        allowed=any_role(*QUALITY_ROLES),
        columns=(
            Column(_("Code"), "code"),
            Column(_("Title"), "title"),
            Column(_("Source"), "source_kind", choices=ActionSource.choices),
            Column(_("Engagement"), "engagement__code"),
            Column(_("Nature"), "nature", choices=ProblemNature.choices),
            Column(_("Severity"), "severity", choices=Severity.choices),
            person(_("Owner"), "owner"),
            Column(_("Deadline"), "due_date"),
            Column(_("Stage"), "stage", choices=PdcaStage.choices),
            Column(_("Effective"), "effective"),
            Column(_("Created at"), "created_at"),
        ),
    )
)
