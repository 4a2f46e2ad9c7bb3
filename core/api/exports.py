"""API twins of the export pages (X-5): the same lists, filters and scope as the pages;
``GET /api/exports/{list}/{format}/`` streams the file, or answers 202 with a job past the
background threshold; the job's status and file belong to its requester only."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exports import services as svc
from core.exports.views import stream_export
from core.models.exports import ExportFormat, ExportJob, ExportStatus, export_settings
from staff.models import User


class ExportJobSerializer(serializers.ModelSerializer[ExportJob]):
    percent = serializers.IntegerField(read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "list_key",
            "file_format",
            "status",
            "total",
            "done",
            "percent",
            "file_url",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_file_url(self, job: ExportJob) -> str | None:
        if job.status != ExportStatus.DONE:
            return None
        request = self.context.get("request")
        from django.urls import reverse

        url = reverse("api:export-job-file", args=[job.pk])
        return request.build_absolute_uri(url) if request else url


class ExportView(APIView):
    """Export a list with the page's filters (query string) as CSV or XLSX."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The answer is a file, whatever the client says it accepts.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="The file"),
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiResponse(OpenApiTypes.BINARY, description="The file"),
            202: ExportJobSerializer,
        },
    )
    def get(self, request: Request, key: str, file_format: str) -> Any:
        user = cast(User, request.user)
        if file_format not in ExportFormat.values:
            from core.exceptions import NotFoundError

            raise NotFoundError("Unknown format.")
        spec = svc.spec_for(user, key)
        params = svc.export_params(request.query_params)
        threshold = export_settings().async_threshold
        count = svc.rows_at_least(spec, user, params, threshold)
        if count <= threshold:
            return stream_export(spec, user, params, file_format)
        job = svc.export_job_start(
            actor=user, spec=spec, params=params, file_format=file_format, total=count
        )
        data = ExportJobSerializer(job, context={"request": request}).data
        return Response(data, status=status.HTTP_202_ACCEPTED)


class ExportJobView(APIView):
    """A background export's progress (the requester's own jobs only)."""

    @extend_schema(responses=ExportJobSerializer)
    def get(self, request: Request, pk: str) -> Response:
        job = svc.access_job(cast(User, request.user), pk)
        return Response(ExportJobSerializer(job, context={"request": request}).data)


class ExportJobFileView(APIView):
    """The finished export's file (the requester only)."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The answer is a file, whatever the client says it accepts.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: str) -> Any:
        from django.http import FileResponse

        from core.exceptions import NotFoundError

        job = svc.access_job(cast(User, request.user), pk)
        if job.status != ExportStatus.DONE or not job.result:
            raise NotFoundError("The export is not ready.")
        return FileResponse(
            job.result.open("rb"),
            as_attachment=True,
            filename=(job.result.name or "export").rsplit("/", 1)[-1],
        )
