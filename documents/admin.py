"""Admin of the documents app: the naming convention (DOC-1) and read-only views of the
records; versions, releases and logs are never edited here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from documents.models import (
    ArchivePackage,
    ClientMaterial,
    Document,
    DocumentAudit,
    DocumentSettings,
    DocumentVersion,
    DownloadLog,
)
from documents.services.documents import pattern_problem


class DocumentSettingsForm(forms.ModelForm):
    class Meta:
        model = DocumentSettings
        fields = ["naming_pattern", "firm_prefix"]

    def clean_naming_pattern(self) -> str:
        pattern = self.cleaned_data["naming_pattern"]
        problem = pattern_problem(pattern)
        if problem:
            raise forms.ValidationError(problem)
        return pattern


@admin.register(DocumentSettings)
class DocumentSettingsAdmin(SimpleHistoryAdmin):
    form = DocumentSettingsForm

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not DocumentSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "engagement", "deliverable_type", "confidentiality"]
    search_fields = ["code", "title"]
    list_select_related = ["engagement"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ["document", "number", "original_name", "size", "author", "created_at"]
    list_select_related = ["document", "author"]
    exclude = ["file"]  # the bytes leave only through the authorising views (SEC-5)


@admin.register(DownloadLog)
class DownloadLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "version", "channel", "ip_address"]
    list_select_related = ["user", "version__document"]


@admin.register(ClientMaterial)
class ClientMaterialAdmin(ReadOnlyAdmin):
    list_display = ["description", "engagement", "status", "received_at", "certificate_number"]
    list_select_related = ["engagement"]


@admin.register(ArchivePackage)
class ArchivePackageAdmin(ReadOnlyAdmin):
    list_display = ["engagement", "status", "requested_at", "built_at", "sha256"]
    exclude = ["file"]


@admin.register(DocumentAudit)
class DocumentAuditAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "run_by", "packages_checked", "files_checked", "outcome"]
