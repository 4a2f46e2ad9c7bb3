from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from engagements.models import Engagement, MonitoringSettings


@admin.register(Engagement)
class EngagementAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "client", "stage", "project_manager"]
    list_filter = ["stage", "service_type"]
    list_select_related = ["client", "project_manager"]
    search_fields = ["code", "title"]
    readonly_fields = ["stage"]


@admin.register(MonitoringSettings)
class MonitoringSettingsAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "hourly_cost_rate",
        "schedule_deviation_warning",
        "cost_overrun_warning",
    ]

    def has_add_permission(self, request):
        return not MonitoringSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
