from typing import Any

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
# built from plain rows — no model instances and no per-field serializer machinery.
LIST_VALUES = [
    "id",
    "code",
    "title",
    "client",
    "client__name",
    "service_type",
    "stage",
    "project_manager",
    "project_manager__display_name",
    "project_manager__username",
    "project_manager__first_name",
    "project_manager__last_name",
    "source",
    "channel",
    "received_at",
    "answered_at",
    "held_stage",
    "created_at",
]
_datetime = serializers.DateTimeField()


def _when(value: Any) -> str | None:
    return None if value is None else _datetime.to_representation(value)


def _person(row: dict[str, Any]) -> str | None:
    """What ``str(User)`` gives: display name, else full name, else username."""
    if row["project_manager"] is None:
        return None
    full = f"{row['project_manager__first_name']} {row['project_manager__last_name']}".strip()
    return row["project_manager__display_name"] or full or row["project_manager__username"]


def engagement_row(row: dict[str, Any]) -> dict[str, Any]:
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
        "received_at": _when(row["received_at"]),
        "answered_at": _when(row["answered_at"]),
        "held_stage": row["held_stage"],
        "created_at": _when(row["created_at"]),
    }
