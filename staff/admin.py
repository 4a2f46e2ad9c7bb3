from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
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
