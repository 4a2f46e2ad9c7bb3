from __future__ import annotations

from django.db.models import QuerySet

from staff.models import User


def staff_directory() -> QuerySet[User]:
    """Active firm staff with their groups loaded in one extra query."""
    return (
        User.objects.filter(is_active=True, client__isnull=True)
        .prefetch_related("groups")
        .order_by("username")
    )
