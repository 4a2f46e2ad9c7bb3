"""Who sees which engagement. Every list, detail and export starts from ``visible_to``;
a foreign or missing engagement answers 404 alike (SEC-2)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from engagements.models import Engagement
from staff.choices import Role
from staff.models import User

# Roles that oversee the whole firm's engagements rather than only their own.
FIRM_WIDE_ROLES = (Role.ADMIN, Role.QA_MANAGER, Role.TECHNICAL_DIRECTOR, Role.LEGAL_REVIEWER)


def visible_to(user: User) -> QuerySet[Engagement]:
    qs = Engagement.objects.all()
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
