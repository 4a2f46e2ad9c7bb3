"""API serializers of the clients app: outputs are read-only; inputs list their fields
explicitly and never carry status, score, signer or ownership (SEC-4)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from clients.choices import (
    CommunicationChannel,
    CommunicationDirection,
    ComplaintChannel,
    ComplaintNature,
    ComplaintSeverity,
    ConsentPurpose,
)
from clients.models import (
    Client,
    CommunicationRecord,
    Complaint,
    ComplaintAttachment,
    ComplaintReply,
    Consent,
    Survey,
)
from core.api.serializers import FieldsBuiltOnce


class ClientSerializer(serializers.ModelSerializer[Client]):
    class Meta:
        model = Client
        fields = ["id", "code", "name", "industry"]
        read_only_fields = fields


class ComplaintSerializer(FieldsBuiltOnce, serializers.ModelSerializer[Complaint]):
    class Meta:
        model = Complaint
        fields = [
            "id",
            "reference",
            "client",
            "engagement",
            "channel",
            "nature",
            "severity",
            "status",
            "subject",
            "description",
            "contact_name",
            "received_at",
            "responded_at",
            "analysed_at",
            "process_problem",
            "feedback_at",
            "rectified_at",
            "closed_at",
            "reopen_count",
        ]
        read_only_fields = fields


class ComplaintReplySerializer(serializers.ModelSerializer[ComplaintReply]):
    author_name = serializers.CharField(source="author", read_only=True, default="")

    class Meta:
        model = ComplaintReply
        fields = ["id", "kind", "body", "internal", "from_client", "author_name", "created_at"]
        read_only_fields = fields


class ComplaintAttachmentSerializer(serializers.ModelSerializer[ComplaintAttachment]):
    class Meta:
        model = ComplaintAttachment
        fields = ["id", "original_name", "content_type", "size", "created_at"]
        read_only_fields = fields


class ComplaintDetailSerializer(serializers.Serializer[Any]):
    complaint = ComplaintSerializer()
    replies = ComplaintReplySerializer(many=True)
    attachments = ComplaintAttachmentSerializer(many=True)


class ComplaintSubmitSerializer(FieldsBuiltOnce, serializers.Serializer[Any]):
    engagement = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    nature = serializers.ChoiceField(choices=ComplaintNature.choices)
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=5)


class ComplaintLogSerializer(ComplaintSubmitSerializer):
    client = serializers.IntegerField(min_value=1)
    channel = serializers.ChoiceField(choices=ComplaintChannel.choices)
    severity = serializers.ChoiceField(choices=ComplaintSeverity.choices)
    contact_name = serializers.CharField(max_length=100)
    received_at = serializers.DateTimeField(required=False)


class ClassifySerializer(serializers.Serializer[Any]):
    nature = serializers.ChoiceField(choices=ComplaintNature.choices)
    severity = serializers.ChoiceField(choices=ComplaintSeverity.choices)
    handler = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class BodySerializer(serializers.Serializer[Any]):
    body = serializers.CharField()


class AnalyseSerializer(serializers.Serializer[Any]):
    analysis = serializers.CharField()
    process_problem = serializers.BooleanField(default=False)


class RectifiedSerializer(serializers.Serializer[Any]):
    note = serializers.CharField()


class ReplyInputSerializer(serializers.Serializer[Any]):
    body = serializers.CharField()
    internal = serializers.BooleanField(default=False)


class AttachInputSerializer(serializers.Serializer[Any]):
    files = serializers.ListField(child=serializers.FileField(), min_length=1, max_length=5)


class ConfirmSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReopenSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class SurveySerializer(serializers.ModelSerializer[Survey]):
    engagement_title = serializers.CharField(source="engagement.title", read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "engagement",
            "engagement_title",
            "client",
            "occasion",
            "period",
            "status",
            "sent_at",
            "expires_at",
            "answered_at",
            "mean_score",
            "low_score",
        ]
        read_only_fields = fields


class SurveyQuestionOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    dimension = serializers.CharField()
    text = serializers.CharField(source="display_text")


class SurveyFormSerializer(serializers.Serializer[Any]):
    survey = SurveySerializer()
    questions = SurveyQuestionOutSerializer(many=True)


class ScoreSerializer(serializers.Serializer[Any]):
    question = serializers.IntegerField(min_value=1)
    score = serializers.IntegerField(min_value=1, max_value=5)


class SurveyAnswerSerializer(serializers.Serializer[Any]):
    scores = ScoreSerializer(many=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CsatSerializer(serializers.Serializer[Any]):
    responses = serializers.IntegerField()
    answers = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    csat = serializers.FloatField(allow_null=True)


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    class Meta:
        model = Consent
        fields = [
            "id",
            "person",
            "purpose",
            "notice_version",
            "channel",
            "sensitive_data",
            "sharing",
            "cross_border",
            "granted_at",
            "withdrawn_at",
        ]
        read_only_fields = fields


class ConsentGrantSerializer(serializers.Serializer[Any]):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    sensitive_data = serializers.BooleanField(default=False)
    sharing = serializers.BooleanField(default=False)
    cross_border = serializers.BooleanField(default=False)


class CommunicationSerializer(serializers.ModelSerializer[CommunicationRecord]):
    class Meta:
        model = CommunicationRecord
        fields = [
            "id",
            "client",
            "engagement",
            "channel",
            "direction",
            "occurred_at",
            "contact_name",
            "subject",
            "summary",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class CommunicationInputSerializer(serializers.Serializer[Any]):
    client = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    engagement = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    channel = serializers.ChoiceField(choices=CommunicationChannel.choices)
    direction = serializers.ChoiceField(choices=CommunicationDirection.choices)
    occurred_at = serializers.DateTimeField(required=False)
    contact_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    subject = serializers.CharField(max_length=200)
    summary = serializers.CharField()
