"""API twins of the document pages (X-5): explicit endpoints calling the same services; every
lookup starts from the visibility scopes, so a foreign id answers 404 (SEC-5)."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import ForbiddenError
from core.navigation import ROLES_FOR
from documents import permissions as perms
from documents import selectors
from documents.api import serializers as s
from documents.choices import PackageStatus
from documents.filters import DocumentFilter
from documents.models import (
    ArchivePackage,
    ClientMaterial,
    Document,
    DocumentAudit,
    DocumentVersion,
    DownloadLog,
)
from documents.services import archive, materials
from documents.services import documents as svc
from documents.services.uploads import download_response
from documents.views import client_ip
from engagements.permissions import access_engagement
from staff.models import User


class StaffOnly(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*ROLES_FOR["documents"]))


class ClientOnly(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*ROLES_FOR["portal"]))


def _user(request: Request) -> User:
    return cast(User, request.user)


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


BINARY = {(200, "application/octet-stream"): OpenApiTypes.BINARY}


class DocumentListView(ListAPIView[Document]):
    """Documents visible to the user; search ``q`` by code, title and extracted text."""

    permission_classes = [IsAuthenticated, StaffOnly]
    serializer_class = s.DocumentSerializer
    filterset_class = DocumentFilter
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> QuerySet[Document]:
        return selectors.document_list(user=_user(self.request))

    @extend_schema(request=s.DocumentCreateSerializer, responses={201: s.DocumentDetailSerializer})
    def post(self, request: Request) -> Response:
        data = _valid(s.DocumentCreateSerializer, request)
        engagement_id = data.pop("engagement")
        engagement = access_engagement(_user(request), engagement_id) if engagement_id else None
        document = svc.document_create(actor=_user(request), engagement=engagement, **data)
        return Response(s.DocumentDetailSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentDetailView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]

    @extend_schema(responses=s.DocumentDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        document = perms.access_document(_user(request), pk)
        versions = selectors.document_versions(user=_user(request), document=document)
        data = s.DocumentSerializer(document).data
        data["versions"] = s.VersionSerializer(versions, many=True).data
        return Response(data)


class VersionUploadView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=s.VersionUploadSerializer, responses={201: s.VersionSerializer})
    def post(self, request: Request, pk: int) -> Response:
        document = perms.access_document(_user(request), pk)
        data = _valid(s.VersionUploadSerializer, request)
        version = svc.document_version_upload(actor=_user(request), document=document, **data)
        return Response(s.VersionSerializer(version).data, status=status.HTTP_201_CREATED)


class DownloadLogView(ListAPIView[DownloadLog]):
    permission_classes = [IsAuthenticated, StaffOnly]
    serializer_class = s.DownloadLogSerializer
    filterset_class = None
    queryset = DownloadLog.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self) -> QuerySet[DownloadLog]:
        document = perms.access_document(_user(self.request), self.kwargs["pk"])
        if not perms.can_see_download_log(_user(self.request), document):
            raise ForbiddenError(
                _("Only the project manager and the QA office see the download log.")
            )
        return DownloadLog.objects.filter(version__document=document).select_related(
            "user", "version"
        )


class VersionDownloadView(APIView):
    """The version's bytes, for staff with access and for clients it was released to;
    logged before streaming."""

    @extend_schema(responses=BINARY)
    def get(self, request: Request, pk: int) -> Any:
        version = perms.access_version(_user(request), pk)
        try:
            handle = version.file.open("rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        svc.download_record(
            user=_user(request),
            version=version,
            channel=DownloadLog.Channel.API,
            ip_address=client_ip(request),  # type: ignore[arg-type]
        )
        return download_response(handle, version.original_name, version.content_type)


class VersionReleaseView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]

    @extend_schema(request=s.ReleaseInputSerializer, responses={201: s.ReleaseSerializer})
    def post(self, request: Request, pk: int) -> Response:
        version = perms.access_version(_user(request), pk)
        data = _valid(s.ReleaseInputSerializer, request)
        release = svc.document_release(actor=_user(request), version=version, **data)
        return Response(
            s.ReleaseSerializer(cast(Any, release)).data, status=status.HTTP_201_CREATED
        )


class VersionMakeCurrentView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]

    @extend_schema(request=None, responses=s.DocumentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        version = perms.access_version(_user(request), pk)
        document = svc.document_set_current(actor=_user(request), version=version)
        return Response(s.DocumentSerializer(document).data)


class ReleasedListView(ListAPIView[DocumentVersion]):
    """The client user's released versions."""

    permission_classes = [IsAuthenticated, ClientOnly]
    serializer_class = s.ReleasedVersionSerializer
    filterset_class = None

    def get_queryset(self) -> QuerySet[DocumentVersion]:
        return selectors.released_to_client(user=_user(self.request))


class MaterialsView(ListAPIView[Any]):
    permission_classes = [IsAuthenticated, StaffOnly]
    serializer_class = s.ClientMaterialSerializer
    filterset_class = None
    queryset = ClientMaterial.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self) -> QuerySet[Any]:
        engagement = access_engagement(_user(self.request), self.kwargs["pk"])
        return perms.materials_visible_to(_user(self.request)).filter(engagement=engagement)

    @extend_schema(request=s.MaterialInputSerializer, responses={201: s.ClientMaterialSerializer})
    def post(self, request: Request, pk: int) -> Response:
        engagement = access_engagement(_user(request), pk)
        data = _valid(s.MaterialInputSerializer, request)
        material = materials.client_material_register(
            actor=_user(request), engagement=engagement, **data
        )
        return Response(s.ClientMaterialSerializer(material).data, status=status.HTTP_201_CREATED)


class ServiceEndedView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]

    @extend_schema(request=None, responses=s.ServiceEndedSerializer)
    def post(self, request: Request, pk: int) -> Response:
        engagement = access_engagement(_user(request), pk)
        count = materials.client_materials_service_ended(
            actor=_user(request), engagement=engagement
        )
        return Response({"clocks_started": count})


def _material(request: Request, pk: int) -> Any:
    return get_object_or_404(
        perms.materials_visible_to(_user(request)).select_related("engagement"), pk=pk
    )


class MaterialDisposeView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]

    @extend_schema(request=s.DisposeInputSerializer, responses=s.ClientMaterialSerializer)
    def post(self, request: Request, pk: int) -> Response:
        material = _material(request, pk)
        data = _valid(s.DisposeInputSerializer, request)
        material = materials.client_material_dispose(
            actor=_user(request),
            material=material,
            outcome=data["disposal"],
            method=data["method"],
            counterparty=data["counterparty"],
            keep_copy=data["keep_copy"],
        )
        return Response(s.ClientMaterialSerializer(material).data)


class MaterialConsentView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]

    @extend_schema(request=s.ConsentInputSerializer, responses=s.ClientMaterialSerializer)
    def post(self, request: Request, pk: int) -> Response:
        material = _material(request, pk)
        data = _valid(s.ConsentInputSerializer, request)
        material = materials.client_material_record_consent(
            actor=_user(request), material=material, **data
        )
        return Response(s.ClientMaterialSerializer(material).data)


class ArchiveView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]

    @extend_schema(responses=s.ArchiveSerializer)
    def get(self, request: Request, pk: int) -> Response:
        engagement = access_engagement(_user(request), pk)
        return Response(
            {
                "completeness": s.RequirementSerializer(
                    cast(Any, archive.archive_completeness(engagement)), many=True
                ).data,
                "packages": s.ArchivePackageSerializer(
                    selectors.engagement_packages(engagement=engagement), many=True
                ).data,
            }
        )

    @extend_schema(request=None, responses={202: s.ArchivePackageSerializer})
    def post(self, request: Request, pk: int) -> Response:
        engagement = access_engagement(_user(request), pk)
        package = archive.archive_package_request(actor=_user(request), engagement=engagement)
        return Response(s.ArchivePackageSerializer(package).data, status=status.HTTP_202_ACCEPTED)


class PackageDownloadView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]

    @extend_schema(responses=BINARY)
    def get(self, request: Request, pk: int) -> Any:
        package = get_object_or_404(ArchivePackage, pk=pk, status=PackageStatus.READY)
        engagement = access_engagement(_user(request), package.engagement_id)
        if not perms.can_build_archive(_user(request), engagement):
            raise Http404
        return download_response(
            package.file.open("rb"), f"{engagement.code}-archive.zip", "application/zip"
        )


class AuditListView(ListAPIView[Any]):
    permission_classes = [IsAuthenticated, StaffOnly]
    serializer_class = s.DocumentAuditSerializer
    filterset_class = None
    queryset = DocumentAudit.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self) -> QuerySet[Any]:
        if not perms.can_run_audit(_user(self.request)):
            raise Http404
        return DocumentAudit.objects.select_related("run_by").prefetch_related("findings")

    @extend_schema(request=None, responses={201: s.DocumentAuditSerializer})
    def post(self, request: Request) -> Response:
        audit = archive.document_audit_run(actor=_user(request))
        return Response(s.DocumentAuditSerializer(audit).data, status=status.HTTP_201_CREATED)
