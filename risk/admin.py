"""Admin of the risk app: the firm's matrix (re-level, re-colour), levels, categories,
checklists, emergency plans and early-warning thresholds. Matrix edits go through the
service so open risks take the new level with a history entry (RSK-2, RSK-4)."""

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from risk.models import (
    EarlyWarning,
    EmergencyPlan,
    EmergencyPlanStep,
    IndicatorThreshold,
    MatrixCell,
    Risk,
    RiskCategory,
    RiskChecklist,
    RiskChecklistItem,
    RiskLevel,
)
from risk.services.register import matrix_cell_update


@admin.register(RiskLevel)
class RiskLevelAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "name_en", "rank", "colour"]


@admin.register(MatrixCell)
class MatrixCellAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "level", "priority", "suggested_strategy", "colour"]
    list_select_related = ["level"]
    readonly_fields = ["likelihood", "impact"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def save_model(self, request: Any, obj: MatrixCell, form: Any, change: bool) -> None:
        matrix_cell_update(
            actor=request.user,
            cell_id=obj.pk,
            level_id=obj.level_id,
            priority=obj.priority,
            suggested_strategy=obj.suggested_strategy,
            colour=obj.colour,
        )


@admin.register(RiskCategory)
class RiskCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "name_en", "order", "is_active"]


class ChecklistItemInline(admin.TabularInline):
    model = RiskChecklistItem
    extra = 1


@admin.register(RiskChecklist)
class RiskChecklistAdmin(SimpleHistoryAdmin):
    list_display = ["name", "service_type", "is_active"]
    inlines = [ChecklistItemInline]


class PlanStepInline(admin.TabularInline):
    model = EmergencyPlanStep
    extra = 1


@admin.register(EmergencyPlan)
class EmergencyPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "category", "is_active"]
    list_select_related = ["category"]
    inlines = [PlanStepInline]


@admin.register(IndicatorThreshold)
class IndicatorThresholdAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "engagement", "threshold", "is_active"]
    list_select_related = ["engagement"]
    raw_id_fields = ["engagement"]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    """Read-only here: risks change through the register pages and their services."""

    list_display = ["code", "title", "engagement", "level", "priority", "status"]
    list_select_related = ["engagement", "level"]
    list_filter = ["status", "level", "category"]
    search_fields = ["code", "title"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(EarlyWarning)
class EarlyWarningAdmin(admin.ModelAdmin):
    list_display = ["indicator", "engagement", "value", "threshold", "raised_at", "cleared_at"]
    list_select_related = ["engagement"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: Any) -> bool:
        return False
