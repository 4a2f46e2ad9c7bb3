"""Admin of the quality app."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from quality.models import DefectReport, Responsibility, ReviewLevel, Signature, VersionReview

# --- three-level review ------------------------------------------------------------------------


@admin.register(ReviewLevel)
class ReviewLevelAdmin(SimpleHistoryAdmin):
    """The firm's review levels (QC-1, QC-5): names, roles and order are firm settings."""

    list_display = [
        "position",
        "code",
        "name_zh",
        "name_en",
        "required_role",
        "meaning",
        "major_only",
        "prevails",
        "is_active",
    ]
    list_editable = ["name_zh", "name_en", "required_role", "is_active"]
    ordering = ["position"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Review records change only through the services (SEC-4, SEC-13)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(VersionReview)
class VersionReviewAdmin(ReadOnlyAdmin):
    list_display = ["version", "engagement", "status", "current_position", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["version", "version__document", "engagement"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["version", "position", "printed_name", "meaning", "signed_at", "record_hash"]
    list_select_related = ["version", "version__document"]


@admin.register(DefectReport)
class DefectReportAdmin(ReadOnlyAdmin):
    list_display = ["version", "source", "reported_by", "reported_at"]
    list_select_related = ["version", "version__document", "reported_by"]


@admin.register(Responsibility)
class ResponsibilityAdmin(ReadOnlyAdmin):
    list_display = ["defect", "signer", "level", "recorded_at"]
    list_select_related = ["defect", "signer", "level"]


from quality import admin_audits  # noqa: E402, F401  (audits, KPIs and actions)
