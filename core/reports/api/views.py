"""The reports API (X-5): request a report, poll its job, download the PDF. The same
services and permission checks as the page; another user's job answers 404."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.http import Http404
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.navigation import ROLES_FOR
from core.reports import permissions as perms
from core.reports import services
from core.reports.api.serializers import ReportJobSerializer, ReportRequestSerializer
from core.reports.models import ReportJob
from documents.models import DownloadLog
from documents.services.documents import download_record
from documents.services.uploads import download_response
from documents.views import client_ip
from staff.models import User

BINARY = {(200, "application/pdf"): OpenApiTypes.BINARY}


class ReportStaff(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*ROLES_FOR["reports"]))


def _user(request: Request) -> User:
    return cast(User, request.user)


class JobListView(ListAPIView[ReportJob]):
    """My report jobs, newest first; POST requests a new report (202, rendered by a worker)."""

    permission_classes = [IsAuthenticated, ReportStaff]
    serializer_class = ReportJobSerializer

    def get_queryset(self) -> QuerySet[ReportJob]:
        return perms.jobs_visible_to(_user(self.request)).order_by("-requested_at", "-id")

    @extend_schema(request=ReportRequestSerializer, responses={202: ReportJobSerializer})
    def post(self, request: Request) -> Response:
        data = ReportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.report_request(
            actor=_user(request),
            kind=data.validated_data["kind"],
            params=data.params(),
            language=data.validated_data.get("language") or translation.get_language() or "",
        )
        return Response(ReportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class JobDetailView(APIView):
    permission_classes = [IsAuthenticated, ReportStaff]

    @extend_schema(responses=ReportJobSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ReportJobSerializer(perms.access_job(_user(request), pk)).data)


class JobDownloadView(APIView):
    """The PDF, after authorising the subject again; logged before streaming."""

    permission_classes = [IsAuthenticated, ReportStaff]

    @extend_schema(responses=BINARY)
    def get(self, request: Request, pk: int) -> Any:
        job = perms.access_job(_user(request), pk)
        if job.version is None:
            raise Http404
        perms.authorise_download(_user(request), job)
        try:
            handle = job.version.file.open("rb")
        except OSError as exc:
            raise Http404 from exc
        download_record(
            user=_user(request),
            version=job.version,
            channel=DownloadLog.Channel.API,
            ip_address=client_ip(request),  # type: ignore[arg-type]
        )
        return download_response(handle, job.version.original_name, job.version.content_type)
