from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from engagements.models import Engagement, MonitoringSettings
from engagements.models.closing import FollowUpSettings


@admin.register(Engagement)
class EngagementAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "client", "stage", "project_manager"]
    list_filter = ["stage", "service_type"]
    list_select_related = ["client", "project_manager"]
    search_fields = ["code", "title"]
    readonly_fields = ["stage"]


class SingletonAdmin(SimpleHistoryAdmin):
    """A settings row the firm edits: one row, never deleted."""

    def has_add_permission(self, request):
        return not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FollowUpSettings)
class FollowUpSettingsAdmin(SingletonAdmin):
    pass


@admin.register(MonitoringSettings)
class MonitoringSettingsAdmin(SingletonAdmin):
    list_display = [
        "__str__",
        "hourly_cost_rate",
        "schedule_deviation_warning",
        "cost_overrun_warning",
    ]
