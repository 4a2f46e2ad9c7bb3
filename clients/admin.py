from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clients.models import Client


@admin.register(Client)
class ClientAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "industry"]
    search_fields = ["code", "name"]
