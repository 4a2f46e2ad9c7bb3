from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.reports.models import ReportJob, ReportSettings


@admin.register(ReportSettings)
class ReportSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["firm_name", "firm_name_en", "lowest_count", "top_risks_count"]

    def has_add_permission(self, request: object) -> bool:
        return not ReportSettings.objects.exists()

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "subject", "requested_by", "requested_at", "status", "progress"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ReportJob._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
