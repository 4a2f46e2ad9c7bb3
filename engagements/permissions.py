"""Who sees which engagement. Every list, detail and export starts from ``visible_to``;
a foreign or missing engagement answers 404 alike (SEC-2)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.exceptions import ForbiddenError
from engagements.models import Engagement
from staff.choices import Role
from staff.models import User

# Roles that oversee the whole firm's engagements rather than only their own.
FIRM_WIDE_ROLES = (Role.ADMIN, Role.QA_MANAGER, Role.TECHNICAL_DIRECTOR, Role.LEGAL_REVIEWER)


def visible_to(user: User, *, queryset: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """The engagements ``user`` may see, as a filter on ``queryset`` (all engagements unless
    given: a list can pass a ready-made ``values()`` query of engagements)."""
    qs = Engagement.objects.all() if queryset is None else queryset.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_client_user:
        return qs.filter(client=user.client)
    if user.has_role(*FIRM_WIDE_ROLES):
        return qs
    if not user.roles:
        return qs.none()
    mine = Engagement.members.through.objects.filter(user_id=user.pk).values("engagement_id")
    return qs.filter(Q(project_manager_id=user.pk) | Q(pk__in=mine))


def access_engagement(user: User, pk: int) -> Engagement:
    return get_object_or_404(visible_to(user), pk=pk)


def can_manage(user: User, engagement: Engagement) -> bool:
    """The engagement's project manager, or an administrator, takes its lifecycle steps and
    manages its team, plan, meetings, delivery and follow-up. One rule everywhere."""
    if not user.is_authenticated or not user.is_active or user.is_client_user:
        return False
    return engagement.project_manager_id == user.pk or user.has_role(Role.ADMIN)


def can_work_on(user: User, engagement: Engagement) -> bool:
    """Team members and managers log progress, time and expenses."""
    if can_manage(user, engagement):
        return True
    if not user.is_authenticated or not user.is_active or user.is_client_user:
        return False
    return Engagement.members.through.objects.filter(
        engagement_id=engagement.pk, user_id=user.pk
    ).exists()


def require_manager(actor: User, engagement: Engagement) -> None:
    if not can_manage(actor, engagement):
        raise ForbiddenError(
            _("Only the engagement's project manager or an administrator can do this.")
        )


def require_team(actor: User, engagement: Engagement) -> None:
    if not can_work_on(actor, engagement):
        raise ForbiddenError(_("Only members of the engagement team may do this."))
    # STF-5: a team member works only after declaring independence and conflicts.
    from staff.services.conduct import require_declared

    require_declared(actor, engagement)
