"""Who sees which client organisation: staff by role, a client user only their own."""

from __future__ import annotations

from django.db.models import QuerySet

from clients.models import Client
from staff.models import User


def visible_to(user: User) -> QuerySet[Client]:
    qs = Client.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_client_user:
        return qs.filter(pk=user.client.pk) if user.client else qs.none()
    if user.has_perm("clients.view_client"):
        return qs
    return qs.none()
