"""Who sees and changes which risk, incident and plan — the engagement rules reused
(engagements/permissions.py): a risk or incident of an engagement is visible to whoever sees
the engagement and holds a risk role; firm-wide records to the risk roles. Managing follows
the engagement (its PM or an admin) plus the firm's oversight roles; the owner of a risk may
review it and work its actions. A foreign or missing record answers 404 alike (SEC-2)."""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.exceptions import ForbiddenError
from core.navigation import OVERSIGHT, ROLES_FOR
from engagements import permissions as eng_perms
from engagements.models import Engagement
from risk.models import EarlyWarning, EmergencyPlan, Incident, Risk
from staff.models import User

RISK_ROLES = ROLES_FOR["risk"]


def has_risk_role(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*RISK_ROLES))


def is_oversight(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*OVERSIGHT))


def _scoped[T: Model](user: User, qs: QuerySet[T]) -> QuerySet[T]:
    if not has_risk_role(user) or user.is_client_user:
        return qs.none()
    if user.has_role(*eng_perms.FIRM_WIDE_ROLES):
        return qs
    return qs.filter(Q(engagement__isnull=True) | Q(engagement__in=eng_perms.visible_to(user)))


def is_staff_member(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_client_user and user.roles)


def risks_visible_to(user: User) -> QuerySet[Risk]:
    """Risk roles see their scope; any member of staff also sees the risks they own or hold
    a response action of, so an owner can follow an overdue-review alert (RSK-4)."""
    qs = Risk.objects.all()
    if not is_staff_member(user):
        return qs.none()
    from risk.models import ResponseAction

    mine = Q(owner_id=user.pk) | Q(
        pk__in=ResponseAction.objects.filter(owner_id=user.pk).values("risk_id")
    )
    if not has_risk_role(user):
        return qs.filter(mine)
    if user.has_role(*eng_perms.FIRM_WIDE_ROLES):
        return qs
    return qs.filter(
        Q(engagement__isnull=True) | Q(engagement__in=eng_perms.visible_to(user)) | mine
    )


def incidents_visible_to(user: User) -> QuerySet[Incident]:
    return _scoped(user, Incident.objects.all())


def warnings_visible_to(user: User) -> QuerySet[EarlyWarning]:
    return _scoped(user, EarlyWarning.objects.all())


def plans_visible_to(user: User) -> QuerySet[EmergencyPlan]:
    return EmergencyPlan.objects.all() if has_risk_role(user) else EmergencyPlan.objects.none()


def access_risk(user: User, pk: int) -> Risk:
    return get_object_or_404(risks_visible_to(user), pk=pk)


def access_incident(user: User, pk: int) -> Incident:
    return get_object_or_404(incidents_visible_to(user), pk=pk)


def access_plan(user: User, pk: int) -> EmergencyPlan:
    return get_object_or_404(plans_visible_to(user), pk=pk)


def access_engagement(user: User, pk: int) -> Engagement:
    """An engagement whose register this user may see (404 otherwise)."""
    if not has_risk_role(user):
        return get_object_or_404(Engagement.objects.none(), pk=pk)
    return eng_perms.access_engagement(user, pk)


def can_manage_scope(user: User, engagement: Engagement | None) -> bool:
    """Raise and manage risks and incidents of this engagement (or of the firm)."""
    if not has_risk_role(user):
        return False
    if is_oversight(user):
        return True
    return engagement is not None and eng_perms.can_manage(user, engagement)


def can_manage_risk(user: User, risk: Risk) -> bool:
    return can_manage_scope(user, risk.engagement)


def can_review_risk(user: User, risk: Risk) -> bool:
    """The owner reviews their own risk; managers too."""
    return can_manage_risk(user, risk) or (user.is_active and risk.owner_id == user.pk)


def can_edit_plans(user: User) -> bool:
    return is_oversight(user)


def require_manage_scope(user: User, engagement: Engagement | None) -> None:
    if not can_manage_scope(user, engagement):
        raise ForbiddenError(
            _(
                "Only the engagement's project manager, an administrator, the QA manager or "
                "the technical director can do this."
            )
        )


def require_review(user: User, risk: Risk) -> None:
    if not can_review_risk(user, risk):
        raise ForbiddenError(_("Only the risk's owner or a manager can review it."))


def require_plan_editor(user: User) -> None:
    if not can_edit_plans(user):
        raise ForbiddenError(
            _("Only an administrator, the QA manager or the technical director can do this.")
        )
