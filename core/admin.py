"""Admin pages for the firm's calendar and SLA policies: the settings an admin edits."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.calendar.services import uncovered_years
from core.models import (
    CalendarDay,
    ExportJob,
    ExportSettings,
    FirmCalendar,
    SlaClock,
    SlaEscalationStep,
    SlaPolicy,
)


def _warn_uncovered(request: HttpRequest) -> None:
    years = uncovered_years()
    if years:
        messages.warning(
            request,
            _(
                "No public holidays are known for %(years)s: add the holidays and make-up "
                "working days of those years here."
            )
            % {"years": ", ".join(str(y) for y in years)},
        )


@admin.register(FirmCalendar)
class FirmCalendarAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "lunch_start", "lunch_end"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not FirmCalendar.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "name", "source"]
    list_filter = ["kind", "source", ("date", admin.DateFieldListFilter)]
    date_hierarchy = "date"
    search_fields = ["name"]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> Any:
        _warn_uncovered(request)
        return super().changelist_view(request, extra_context)

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        obj.source = CalendarDay.Source.ADMIN
        super().save_model(request, obj, form, change)


class SlaEscalationStepInline(admin.TabularInline):
    model = SlaEscalationStep
    extra = 0


@admin.register(SlaPolicy)
class SlaPolicyAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "name_en",
        "basis",
        "target_minutes",
        "warning_percent",
        "is_active",
    ]
    list_filter = ["basis", "is_active"]
    inlines = [SlaEscalationStepInline]


@admin.register(SlaClock)
class SlaClockAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "policy",
        "content_type",
        "object_id",
        "state",
        "due_at",
        "breached_at",
        "escalation_level",
    ]
    list_filter = ["state", "policy"]
    list_select_related = ["policy", "content_type"]
    readonly_fields = [f.name for f in SlaClock._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ExportSettings)
class ExportSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "async_threshold", "keep_days"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not ExportSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Read-only: who exported what and when (the files themselves stay with the requester)."""

    list_display = ["list_key", "file_format", "requested_by", "status", "done", "created_at"]
    list_filter = ["status", "file_format", "list_key"]
    readonly_fields = [f.name for f in ExportJob._meta.fields if f.name != "result"]
    exclude = ["result"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
