"""Input and output serializers of the lifecycle actions (ENG-1 … ENG-6, ENG-13)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from engagements.choices import (
    Channel,
    Conclusion,
    LeadSource,
    LineKind,
    ReviewDecision,
    ServiceType,
    Stage,
)
from engagements.models import (
    Contract,
    FeasibilityAssessment,
    Proposal,
    Quotation,
    Requirements,
    Review,
    StageTransition,
)


class IntakeSerializer(serializers.Serializer[dict[str, Any]]):
    client = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    source = serializers.ChoiceField(choices=LeadSource.choices)  # type: ignore[assignment]
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    contact_details = serializers.CharField(max_length=200, required=False, allow_blank=True)
    question = serializers.CharField(required=False, allow_blank=True)
    received_at = serializers.DateTimeField(required=False)


class TransitionSerializer(serializers.Serializer[dict[str, Any]]):
    to_stage = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReasonSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class RequirementsSerializer(serializers.ModelSerializer[Requirements]):
    class Meta:
        model = Requirements
        fields = [
            "background",
            "goals",
            "expected_outcomes",
            "functional_needs",
            "non_functional_needs",
            "smart_objectives",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class FeasibilitySerializer(serializers.ModelSerializer[FeasibilityAssessment]):
    class Meta:
        model = FeasibilityAssessment
        fields = [
            "technical",
            "technical_experts",
            "economic",
            "economic_experts",
            "time",
            "time_experts",
            "conclusion",
            "concluded_at",
        ]
        read_only_fields = ["conclusion", "concluded_at"]


class ConcludeSerializer(serializers.Serializer[dict[str, Any]]):
    conclusion = serializers.ChoiceField(choices=Conclusion.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class QuotationLineSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=LineKind.choices)
    description = serializers.CharField(max_length=200)
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    unit_price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    amount = serializers.DecimalField(max_digits=20, decimal_places=2, read_only=True)


class QuotationSerializer(serializers.ModelSerializer[Quotation]):
    lines = QuotationLineSerializer(many=True)
    total = serializers.DecimalField(max_digits=20, decimal_places=2, read_only=True)

    class Meta:
        model = Quotation
        fields = ["id", "version", "currency", "note", "lines", "total", "created_at"]
        read_only_fields = ["id", "version", "total", "created_at"]


class ProposalSerializer(serializers.ModelSerializer[Proposal]):
    class Meta:
        model = Proposal
        fields = [
            "objectives",
            "scope",
            "methods",
            "schedule",
            "deliverables",
            "team_introduction",
            "approved_at",
            "sent_at",
        ]
        read_only_fields = ["approved_at", "sent_at"]


class ContractSerializer(serializers.ModelSerializer[Contract]):
    signed_by = serializers.StringRelatedField()  # type: ignore[var-annotated]

    class Meta:
        model = Contract
        fields = [
            "scope",
            "term",
            "payment",
            "confidentiality",
            "liability",
            "legal_approved_at",
            "signed_by",
            "signed_at",
        ]
        read_only_fields = ["legal_approved_at", "signed_by", "signed_at"]


class ReviewInputSerializer(serializers.Serializer[dict[str, Any]]):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    comments = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    otp = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        default="",
        max_length=16,
        help_text="The signer's current authenticator code; required when they enrolled one "
        "(SEC-8, SEC-12).",
    )


class LegalReviewInputSerializer(ReviewInputSerializer):
    complete = serializers.BooleanField(default=False)
    accurate = serializers.BooleanField(default=False)
    legal = serializers.BooleanField(default=False)
    risk_clauses = serializers.BooleanField(default=False)


class PasswordSerializer(serializers.Serializer[dict[str, Any]]):
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    otp = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        default="",
        max_length=16,
        help_text="The signer's current authenticator code; required when they enrolled one "
        "(SEC-8, SEC-12).",
    )


class CopySerializer(serializers.Serializer[dict[str, Any]]):
    recipient = serializers.CharField(max_length=200)
    copies = serializers.IntegerField(min_value=1, max_value=100, default=1)


class ReviewSerializer(serializers.ModelSerializer[Review]):
    reviewer = serializers.StringRelatedField()  # type: ignore[var-annotated]

    class Meta:
        model = Review
        fields = [
            "id",
            "kind",
            "reviewer",
            "decision",
            "comments",
            "checklist",
            "content_hash",
            "at",
        ]
        read_only_fields = fields


class TransitionOutSerializer(serializers.ModelSerializer[StageTransition]):
    actor = serializers.StringRelatedField()  # type: ignore[var-annotated]

    class Meta:
        model = StageTransition
        fields = ["from_stage", "to_stage", "actor", "at", "reason"]
        read_only_fields = fields


class KpiValueSerializer(serializers.Serializer[dict[str, Any]]):
    value = serializers.DecimalField(max_digits=10, decimal_places=4, allow_null=True)
    threshold = serializers.DecimalField(max_digits=10, decimal_places=4)
    breached = serializers.BooleanField()
    detail = serializers.CharField()


class KpiSerializer(serializers.Serializer[dict[str, Any]]):
    schedule_deviation = KpiValueSerializer()
    cost_overrun = KpiValueSerializer()
    actual_cost = serializers.DecimalField(max_digits=16, decimal_places=2)
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class BudgetSerializer(serializers.Serializer[dict[str, Any]]):
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, allow_null=True)
