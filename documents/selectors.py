"""Reads of the documents app: fixed query counts whatever the number of rows."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, QuerySet

from documents.models import (
    ArchivePackage,
    ClientMaterial,
    Document,
    DocumentAudit,
    DocumentRelease,
    DocumentVersion,
    DownloadLog,
)
from documents.permissions import documents_visible_to, versions_visible_to
from engagements.models import Engagement
from staff.models import User


def document_list(*, user: User) -> QuerySet[Document]:
    return (
        documents_visible_to(user)
        .select_related("engagement", "current_version", "created_by")
        .annotate(version_count=Count("versions"))
        .order_by("-updated_at", "-id")
    )


def document_versions(*, user: User, document: Document) -> QuerySet[DocumentVersion]:
    released = DocumentRelease.objects.filter(version_id=OuterRef("pk"))
    return (
        versions_visible_to(user)
        .filter(document=document)
        .select_related("author")
        .annotate(is_released=Exists(released), download_count=Count("downloads"))
        .order_by("-number")
    )


def download_log(*, document: Document, limit: int = 200) -> QuerySet[DownloadLog]:
    return (
        DownloadLog.objects.filter(version__document=document)
        .select_related("user", "version")
        .order_by("-at", "-id")[:limit]
    )


def engagement_materials(*, engagement: Engagement) -> QuerySet[ClientMaterial]:
    return ClientMaterial.objects.filter(engagement=engagement).select_related(
        "received_by", "disposed_by"
    )


def engagement_packages(*, engagement: Engagement) -> QuerySet[ArchivePackage]:
    return ArchivePackage.objects.filter(engagement=engagement).select_related("requested_by")[:20]


def released_to_client(*, user: User) -> QuerySet[DocumentVersion]:
    """The versions a client user may download, newest first."""
    return (
        versions_visible_to(user)
        .select_related("document", "document__engagement")
        .order_by("-created_at", "-id")
    )


def audit_list() -> QuerySet[DocumentAudit]:
    return DocumentAudit.objects.select_related("run_by").annotate(finding_count=Count("findings"))[
        :50
    ]
