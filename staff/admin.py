from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from staff.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "display_name", "email", "client", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups", "client"]
    list_select_related = ["client"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("EngageQC"), {"fields": ("display_name", "language", "client")}),
    )


from staff.models import (  # noqa: E402
    Appraisal,
    Certificate,
    Declaration,
    DefaultRaci,
    ProcessStep,
    QualificationType,
    ServiceRequirement,
    StaffProfile,
    StaffSettings,
    TrainingPlan,
    Violation,
)


@admin.register(StaffSettings)
class StaffSettingsAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "certificate_alert_days",
        "require_declaration",
        "require_second_factor_for_signing",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not StaffSettings.objects.exists()


@admin.register(QualificationType)
class QualificationTypeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "name_en"]


@admin.register(ServiceRequirement)
class ServiceRequirementAdmin(SimpleHistoryAdmin):
    list_display = ["service_type", "qualification"]


@admin.register(ProcessStep)
class ProcessStepAdmin(SimpleHistoryAdmin):
    list_display = ["order", "code", "name", "name_en"]


@admin.register(DefaultRaci)
class DefaultRaciAdmin(SimpleHistoryAdmin):
    list_display = ["step", "team_role", "letter"]
    list_filter = ["step", "letter"]


for model in (StaffProfile, Certificate, TrainingPlan, Appraisal, Declaration, Violation):
    admin.site.register(model, SimpleHistoryAdmin)
