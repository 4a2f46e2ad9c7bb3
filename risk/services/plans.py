"""Writes of emergency plans (RSK-5): admins, the QA manager and the technical director
keep one or more plans per risk category, each with its ordered steps."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, NotFoundError
from risk import permissions as perms
from risk.models import EmergencyPlan, EmergencyPlanStep, RiskCategory
from staff.models import User


def _steps(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    steps = [(a.strip(), r.strip()) for a, r in lines if a.strip()]
    if not steps:
        raise ApplicationError(
            _("A plan has at least one step."), extra={"steps": [_("Add at least one step.")]}
        )
    return steps


@transaction.atomic
def emergency_plan_save(
    *,
    actor: User,
    plan_id: int | None = None,
    category_id: int,
    title: str,
    trigger: str,
    roles: str = "",
    contacts: str = "",
    steps: list[tuple[str, str]],
    is_active: bool = True,
) -> EmergencyPlan:
    """Create a plan, or replace an existing plan's text and steps. Incidents already
    reported keep the steps they copied."""
    perms.require_plan_editor(actor)
    category = RiskCategory.objects.filter(pk=category_id).first()
    if category is None:
        raise ApplicationError(_("Unknown category."), extra={"category": [_("Unknown.")]})
    cleaned = _steps(steps)
    if plan_id is None:
        plan = EmergencyPlan()
    else:
        found = EmergencyPlan.objects.select_for_update().filter(pk=plan_id).first()
        if found is None:
            raise NotFoundError(_("Emergency plan not found."))
        plan = found
    plan.category, plan.title, plan.trigger = category, title.strip(), trigger.strip()
    plan.roles, plan.contacts, plan.is_active = roles, contacts, is_active
    plan.save()
    plan.steps.all().delete()
    EmergencyPlanStep.objects.bulk_create(
        EmergencyPlanStep(plan=plan, order=i, action=a, role=r)
        for i, (a, r) in enumerate(cleaned, start=1)
    )
    return plan


def parse_steps(text: str) -> list[tuple[str, str]]:
    """One step a line; an optional role after a vertical bar: ``通知客户 | 项目经理``."""
    steps = []
    for line in text.splitlines():
        action, _sep, role = line.partition("|")
        if action.strip():
            steps.append((action.strip(), role.strip()))
    return steps
