"""Serializers of the documents API: fields listed explicitly; status, author, checksum and
release fields are read-only and change only through services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from documents.choices import DISPOSAL_CHOICES, Confidentiality, DeliverableType, MaterialForm
from documents.models import (
    ArchivePackage,
    AuditFinding,
    ClientMaterial,
    Document,
    DocumentAudit,
    DocumentVersion,
    DownloadLog,
)
from engagements.choices import Stage


class VersionSerializer(serializers.ModelSerializer[DocumentVersion]):
    author_name = serializers.CharField(source="author.__str__", read_only=True)
    is_released = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "document",
            "number",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "change_note",
            "author",
            "author_name",
            "created_at",
            "is_released",
        ]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer[Document]):
    engagement_code = serializers.CharField(source="engagement.code", read_only=True, default=None)
    # The engagement's service type value; plain text so the schema keeps one ServiceTypeEnum.
    service_content = serializers.CharField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "code",
            "title",
            "engagement",
            "engagement_code",
            "deliverable_type",
            "project_stage",
            "client_requirement",
            "service_content",
            "is_deliverable",
            "confidentiality",
            "current_version",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class DocumentDetailSerializer(DocumentSerializer):
    versions = VersionSerializer(many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "versions"]
        read_only_fields = fields


class DocumentCreateSerializer(serializers.Serializer[dict[str, Any]]):
    engagement = serializers.IntegerField(allow_null=True, required=False, default=None)
    title = serializers.CharField(max_length=200)
    deliverable_type = serializers.ChoiceField(
        choices=DeliverableType.choices, default=DeliverableType.OTHER
    )
    project_stage = serializers.ChoiceField(
        choices=Stage.choices, required=False, allow_blank=True, default=""
    )
    client_requirement = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    confidentiality = serializers.ChoiceField(
        choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    is_deliverable = serializers.BooleanField(default=False)
    file = serializers.FileField()
    change_note = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )


class VersionUploadSerializer(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField()
    change_note = serializers.CharField(max_length=500)


class ReleaseInputSerializer(serializers.Serializer[dict[str, Any]]):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ReleaseSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    version = serializers.IntegerField(source="version_id")
    client = serializers.IntegerField(source="client_id")
    released_at = serializers.DateTimeField()


class DownloadLogSerializer(serializers.ModelSerializer[DownloadLog]):
    user_name = serializers.CharField(source="user.__str__", read_only=True)
    version_number = serializers.IntegerField(source="version.number", read_only=True)
    download_channel = serializers.ChoiceField(
        source="channel", choices=DownloadLog.Channel.choices, read_only=True
    )

    class Meta:
        model = DownloadLog
        fields = [
            "id",
            "version",
            "version_number",
            "user",
            "user_name",
            "at",
            "download_channel",
            "ip_address",
        ]
        read_only_fields = fields


class ReleasedVersionSerializer(VersionSerializer):
    document_code = serializers.CharField(source="document.code", read_only=True)
    document_title = serializers.CharField(source="document.title", read_only=True)

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "document_code", "document_title"]
        read_only_fields = fields


class ClientMaterialSerializer(serializers.ModelSerializer[ClientMaterial]):
    class Meta:
        model = ClientMaterial
        fields = [
            "id",
            "engagement",
            "description",
            "form",
            "quantity",
            "received_at",
            "received_from",
            "received_by",
            "status",
            "service_ended_at",
            "disposed_at",
            "disposed_by",
            "disposal_method",
            "counterparty",
            "certificate_number",
            "copy_kept",
            "consent_reference",
            "consent_given_by",
            "consent_recorded_at",
        ]
        read_only_fields = fields


class MaterialInputSerializer(serializers.Serializer[dict[str, Any]]):
    description = serializers.CharField(max_length=300)
    form = serializers.ChoiceField(choices=MaterialForm.choices)
    quantity = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    received_from = serializers.CharField(max_length=150)
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class DisposeInputSerializer(serializers.Serializer[dict[str, Any]]):
    disposal = serializers.ChoiceField(choices=DISPOSAL_CHOICES)
    method = serializers.CharField(max_length=300)
    counterparty = serializers.CharField(max_length=150)
    keep_copy = serializers.BooleanField(default=False)


class ConsentInputSerializer(serializers.Serializer[dict[str, Any]]):
    reference = serializers.CharField(max_length=300)
    given_by = serializers.CharField(max_length=150)


class ServiceEndedSerializer(serializers.Serializer[dict[str, Any]]):
    clocks_started = serializers.IntegerField()


class RequirementSerializer(serializers.Serializer[dict[str, Any]]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    met = serializers.BooleanField()
    detail = serializers.CharField()


class ArchivePackageSerializer(serializers.ModelSerializer[ArchivePackage]):
    class Meta:
        model = ArchivePackage
        fields = [
            "id",
            "engagement",
            "status",
            "requested_by",
            "requested_at",
            "built_at",
            "size",
            "sha256",
            "manifest",
            "missing",
            "error",
        ]
        read_only_fields = fields


class ArchiveSerializer(serializers.Serializer[dict[str, Any]]):
    completeness = RequirementSerializer(many=True)
    packages = ArchivePackageSerializer(many=True)


class AuditFindingSerializer(serializers.ModelSerializer[AuditFinding]):
    class Meta:
        model = AuditFinding
        fields = ["id", "package", "kind", "detail"]
        read_only_fields = fields


class DocumentAuditSerializer(serializers.ModelSerializer[DocumentAudit]):
    findings = AuditFindingSerializer(many=True, read_only=True)

    class Meta:
        model = DocumentAudit
        fields = [
            "id",
            "started_at",
            "finished_at",
            "run_by",
            "packages_checked",
            "files_checked",
            "outcome",
            "findings",
        ]
        read_only_fields = fields
