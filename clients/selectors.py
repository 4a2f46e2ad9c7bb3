from __future__ import annotations

from django.db.models import Count, QuerySet

from clients.models import Client
from clients.permissions import visible_to
from staff.models import User


def client_list(*, user: User) -> QuerySet[Client]:
    return visible_to(user).annotate(engagement_count=Count("engagements")).order_by("name")
