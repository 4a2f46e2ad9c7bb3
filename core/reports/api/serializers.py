from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from core.reports.choices import ReportKind
from core.reports.models import ReportJob
from staff.choices import Language


class ReportJobSerializer(serializers.ModelSerializer[ReportJob]):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "params",
            "language",
            "subject",
            "requested_at",
            "status",
            "progress",
            "error",
            "started_at",
            "finished_at",
            "sha256",
            "pages",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, job: ReportJob) -> str | None:
        if job.status != "done":
            return None
        return reverse("api:reports-job-download", args=[job.pk])


class ReportRequestSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    object_id = serializers.IntegerField(required=False, min_value=1, max_value=2**62)

    def params(self) -> dict[str, Any]:
        data = self.validated_data
        params: dict[str, Any] = {}
        for key in ("start", "end"):
            if data.get(key):
                params[key] = data[key].isoformat()
        for key in ("year", "object_id"):
            if data.get(key) is not None:
                params[key] = data[key]
        return params
