"""API serializers of support requests (CRM-5), revisits (CRM-6), contacts (SEC-26) and
personal-data requests (SEC-25). Outputs are read-only; inputs list their fields and never
carry status, ownership or clocks."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from clients.choices import RevisitMethod, SupportChannel, SupportKind
from clients.models import ClientContact, PersonalDataRequest, Revisit, SupportReply, SupportRequest
from core.filters import MAX_ID


def _id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class SupportRequestSerializer(serializers.ModelSerializer[SupportRequest]):
    next_due = serializers.DateTimeField(read_only=True, allow_null=True, default=None)
    overdue = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = SupportRequest
        fields = [
            "id",
            "reference",
            "client",
            "engagement",
            "kind",
            "channel",
            "status",
            "subject",
            "description",
            "contact_name",
            "handler",
            "received_at",
            "first_feedback_at",
            "resolved_at",
            "resolution",
            "next_due",
            "overdue",
        ]
        read_only_fields = fields


class SupportReplySerializer(serializers.ModelSerializer[SupportReply]):
    author_name = serializers.CharField(source="author", read_only=True, default="")

    class Meta:
        model = SupportReply
        fields = ["id", "body", "internal", "from_client", "author_name", "created_at"]
        read_only_fields = fields


class SupportClockSerializer(serializers.Serializer[Any]):
    policy = serializers.CharField(source="policy.code")
    state = serializers.CharField()
    due_at = serializers.DateTimeField()
    met_at = serializers.DateTimeField(allow_null=True)
    breached_at = serializers.DateTimeField(allow_null=True)


class SupportDetailSerializer(serializers.Serializer[Any]):
    request = SupportRequestSerializer()
    replies = SupportReplySerializer(many=True)
    clocks = SupportClockSerializer(many=True)


class SupportRaiseSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=SupportKind.choices)
    engagement = _id(required=False, allow_null=True)
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField()


class SupportLogSerializer(SupportRaiseSerializer):
    client = _id()
    channel = serializers.ChoiceField(
        choices=[c for c in SupportChannel.choices if c[0] != SupportChannel.ONLINE]
    )
    contact_name = serializers.CharField(max_length=100)
    received_at = serializers.DateTimeField(required=False)


class SupportReplyInputSerializer(serializers.Serializer[Any]):
    body = serializers.CharField()
    internal = serializers.BooleanField(required=False, default=False)


class SupportResolveSerializer(serializers.Serializer[Any]):
    resolution = serializers.CharField()


class RevisitSerializer(serializers.ModelSerializer[Revisit]):
    class Meta:
        model = Revisit
        fields = [
            "id",
            "client",
            "engagement",
            "method",
            "planned_date",
            "purpose",
            "owner",
            "status",
            "contact_name",
            "done_at",
            "outcome",
            "opportunities",
            "value_added_services",
            "cancel_reason",
            "obligation",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class RevisitPlanSerializer(serializers.Serializer[Any]):
    client = _id(required=False, allow_null=True)
    engagement = _id(required=False, allow_null=True)
    method = serializers.ChoiceField(choices=RevisitMethod.choices)
    planned_date = serializers.DateField()
    purpose = serializers.CharField(max_length=300)
    owner = _id(required=False, allow_null=True)
    contact_name = serializers.CharField(max_length=100, required=False, allow_blank=True)


class RevisitLogSerializer(serializers.Serializer[Any]):
    done_at = serializers.DateTimeField(required=False)
    outcome = serializers.CharField()
    opportunities = serializers.CharField(required=False, allow_blank=True, default="")
    value_added_services = serializers.CharField(required=False, allow_blank=True, default="")
    contact_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    meet_obligation = serializers.BooleanField(required=False, default=True)


class RevisitCancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class ContactSerializer(serializers.ModelSerializer[ClientContact]):
    """SEC-26: lists carry the masked phone and e-mail only."""

    phone = serializers.CharField(source="phone_masked", read_only=True)
    email = serializers.CharField(source="email_masked", read_only=True)

    class Meta:
        model = ClientContact
        fields = ["id", "client", "name", "position", "phone", "email", "user", "erased_at"]
        read_only_fields = fields


class ContactInputSerializer(serializers.Serializer[Any]):
    client = _id()
    name = serializers.CharField(max_length=100)
    position = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")


class PrivacyReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class PrivacyCorrectSerializer(PrivacyReasonSerializer):
    display_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    position = serializers.CharField(max_length=100, required=False, allow_blank=True)


class PersonalDataRequestSerializer(serializers.ModelSerializer[PersonalDataRequest]):
    class Meta:
        model = PersonalDataRequest
        fields = ["id", "person", "action", "actor", "reason", "fields", "at"]
        read_only_fields = fields
