from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from engagements.models import Engagement


@admin.register(Engagement)
class EngagementAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "client", "stage", "project_manager"]
    list_filter = ["stage", "service_type"]
    list_select_related = ["client", "project_manager"]
    search_fields = ["code", "title"]
    readonly_fields = ["stage"]
