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
