from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clients.models import (
    Client,
    ClientContact,
    CommunicationRecord,
    Complaint,
    ComplaintReply,
    Consent,
    PersonalDataRequest,
    RelationsSettings,
    RetentionRun,
    RetentionSettings,
    Revisit,
    SupportRequest,
    SurveyQuestion,
    SurveyTemplate,
)


@admin.register(Client)
class ClientAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "industry"]
    search_fields = ["code", "name"]


@admin.register(RelationsSettings)
class RelationsSettingsAdmin(SimpleHistoryAdmin):
    """The firm's numbers for attachments and surveys (complaint SLA targets are SLA policies)."""

    list_display = ["__str__", "attachment_max_mb", "survey_link_days", "low_score_threshold"]

    def has_add_permission(self, request):
        return not RelationsSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "occasion", "is_active"]
    inlines = [SurveyQuestionInline]


class ComplaintReplyInline(admin.TabularInline):
    model = ComplaintReply
    extra = 0
    can_delete = False
    readonly_fields = ["author", "kind", "body", "internal", "from_client", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(SimpleHistoryAdmin):
    """Read-only: complaints change through the complaint pages and their services."""

    list_display = ["reference", "client", "nature", "severity", "status", "received_at"]
    list_filter = ["status", "severity", "nature"]
    search_fields = ["reference", "subject"]
    inlines = [ComplaintReplyInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Consent)
class ConsentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "purpose", "notice_version", "granted_at", "withdrawn_at"]
    list_filter = ["purpose"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CommunicationRecord)
class CommunicationRecordAdmin(SimpleHistoryAdmin):
    list_display = ["occurred_at", "client", "engagement", "channel", "direction", "subject"]
    list_filter = ["channel", "direction"]
    search_fields = ["subject"]


@admin.register(RetentionSettings)
class RetentionSettingsAdmin(SimpleHistoryAdmin):
    """SEC-27: how long each category of personal data is kept before the nightly purge."""

    list_display = [
        "__str__",
        "closed_complaints_days",
        "resolved_support_days",
        "survey_comments_days",
        "communications_days",
        "download_logs_days",
        "expired_tokens_days",
    ]

    def has_add_permission(self, request):
        return not RetentionSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Records that change only through their services."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "counts"]


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(ReadOnlyAdmin):
    list_display = ["at", "person", "action", "actor", "reason"]
    list_filter = ["action"]


@admin.register(ClientContact)
class ClientContactAdmin(ReadOnlyAdmin):
    """SEC-26: masked here too; contacts change on the contacts and privacy pages."""

    list_display = ["name", "client", "position", "phone_masked", "email_masked", "erased_at"]
    fields = ["client", "user", "name", "position", "phone_masked", "email_masked", "erased_at"]
    readonly_fields = fields
    history_list_display: list[str] = []


@admin.register(SupportRequest)
class SupportRequestAdmin(ReadOnlyAdmin):
    list_display = ["reference", "client", "kind", "channel", "status", "received_at"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["reference", "subject"]


@admin.register(Revisit)
class RevisitAdmin(ReadOnlyAdmin):
    list_display = ["planned_date", "client", "engagement", "method", "status", "owner"]
    list_filter = ["status", "method"]
