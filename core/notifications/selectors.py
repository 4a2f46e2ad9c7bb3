"""Reads for the inbox: unread count (served by a partial index) and keyset pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core.models import Notification, NotificationPreference
from core.models.notifications import DeliveryMode
from core.notifications.kinds import KINDS
from staff.models import User


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(
    *, user: User, unread_only: bool = False, before_id: int | None = None
) -> QuerySet[Notification]:
    """Newest first; ``before_id`` continues after the last row of the previous page (keyset)."""
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    if before_id is not None:
        qs = qs.filter(id__lt=before_id)
    return qs.order_by("-id")


def preferences(*, user: User) -> list[dict[str, Any]]:
    """Every kind with the user's delivery mode; critical kinds are shown as locked."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "mode"))
    return [
        {
            "kind": kind.code,
            "label": kind.label,
            "critical": kind.critical,
            "mode": DeliveryMode.IMMEDIATE
            if kind.critical
            else chosen.get(kind.code, DeliveryMode.IMMEDIATE),
        }
        for kind in KINDS.values()
    ]
