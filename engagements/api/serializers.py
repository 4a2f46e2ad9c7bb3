from datetime import datetime, tzinfo
from typing import Any

from django.utils import timezone
from rest_framework import serializers

from engagements.models import Engagement


class EngagementSerializer(serializers.ModelSerializer[Engagement]):
    client_name = serializers.CharField(source="client.name", read_only=True)
    project_manager_name = serializers.CharField(
        source="project_manager", read_only=True, default=None
    )

    class Meta:
        model = Engagement
        fields = [
            "id",
            "code",
            "title",
            "client",
            "client_name",
            "service_type",
            "stage",
            "project_manager",
            "project_manager_name",
            "source",
            "channel",
            "received_at",
            "answered_at",
            "held_stage",
            "created_at",
        ]
        read_only_fields = fields


# The list endpoint's fast path (P1): the same fields and formats as EngagementSerializer,
# built from plain rows (selectors.LIST_VALUES) — no model instances and no per-field
# serializer machinery.


def _when(value: datetime | None, tz: tzinfo) -> str | None:
    """What DRF's DateTimeField gives (ISO 8601 in the current time zone, ``Z`` for UTC),
    without its per-value field machinery: the list formats three of these per row (P1)."""
    if value is None:
        return None
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _person(row: dict[str, Any]) -> str | None:
    """What ``str(User)`` gives: display name, else full name, else username."""
    if row["project_manager"] is None:
        return None
    full = f"{row['project_manager__first_name']} {row['project_manager__last_name']}".strip()
    return row["project_manager__display_name"] or full or row["project_manager__username"]


def engagement_row(row: dict[str, Any], tz: tzinfo | None = None) -> dict[str, Any]:
    tz = tz or timezone.get_current_timezone()
    return {
        "id": row["id"],
        "code": row["code"],
        "title": row["title"],
        "client": row["client"],
        "client_name": row["client__name"],
        "service_type": row["service_type"],
        "stage": row["stage"],
        "project_manager": row["project_manager"],
        "project_manager_name": _person(row),
        "source": row["source"],
        "channel": row["channel"],
        "received_at": _when(row["received_at"], tz),
        "answered_at": _when(row["answered_at"], tz),
        "held_stage": row["held_stage"],
        "created_at": _when(row["created_at"], tz),
    }
