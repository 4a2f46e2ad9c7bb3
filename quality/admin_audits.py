"""Admin of the firm-editable audit, KPI and action data: audit settings (grade bands, sample
rate, penalty, action deadline), checklist templates whose weights must sum to 100, and the
quality objectives. Records with a workflow are read-only here: they change through services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from engagements.admin import SingletonAdmin
from quality.models import (
    Audit,
    AuditSettings,
    ChecklistCriterion,
    ChecklistTemplate,
    CorrectiveAction,
    KpiObjective,
)


@admin.register(AuditSettings)
class AuditSettingsAdmin(SingletonAdmin):
    list_display = [
        "__str__",
        "qualified_from",
        "excellent_above",
        "sample_percent",
        "action_due_days",
    ]


class CriterionFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        total = Decimal("0")
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data and not data.get("DELETE") and data.get("weight") is not None:
                total += data["weight"]
        if total != Decimal("100"):
            raise ValidationError(
                _("The weights must sum to 100 (now %(total)s).") % {"total": total}
            )


class CriterionInline(admin.TabularInline):
    model = ChecklistCriterion
    formset = CriterionFormSet
    extra = 1
    fields = ["position", "text", "weight"]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "is_active"]
    inlines = [CriterionInline]


@admin.register(KpiObjective)
class KpiObjectiveAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "calculator",
        "direction",
        "target",
        "warning",
        "owner",
        "is_active",
        "last_status",
    ]
    list_editable = ["target", "warning", "is_active"]
    readonly_fields = ["last_value", "last_status", "last_evaluated_at"]


@admin.register(Audit)
class AuditAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "kind", "status", "conclusion_score", "planned_date"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "title"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "source_kind", "owner", "due_date", "stage"]
    list_filter = ["stage", "source_kind"]
    search_fields = ["code", "title"]

    def has_change_permission(self, request, obj=None):
        return False
