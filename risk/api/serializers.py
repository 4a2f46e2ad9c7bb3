"""Serializers of the risk API: outputs list their fields and are read-only; inputs are plain
serializers handed to the services (SEC-4)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from risk.choices import (
    IdentificationMethod,
    Impact,
    Likelihood,
    Severity,
    Strategy,
    TransferMode,
)
from risk.models import (
    EarlyWarning,
    EmergencyPlan,
    EmergencyPlanStep,
    Incident,
    IncidentEvent,
    IncidentStep,
    IndicatorThreshold,
    MatrixCell,
    ResponseAction,
    Risk,
    RiskCategory,
    RiskChecklist,
    RiskChecklistItem,
    RiskLevel,
    RiskReview,
)

In = serializers.Serializer


class RiskLevelSerializer(serializers.ModelSerializer[RiskLevel]):
    class Meta:
        model = RiskLevel
        fields = ["id", "code", "name", "name_en", "rank", "colour"]
        read_only_fields = fields


class RiskMatrixCellSerializer(serializers.ModelSerializer[MatrixCell]):
    level = RiskLevelSerializer(read_only=True)
    display_colour = serializers.CharField(read_only=True)

    class Meta:
        model = MatrixCell
        fields = [
            "id",
            "likelihood",
            "impact",
            "level",
            "priority",
            "suggested_strategy",
            "colour",
            "display_colour",
        ]
        read_only_fields = fields


class RiskMatrixCellInputSerializer(In[dict[str, Any]]):
    level = serializers.IntegerField()
    priority = serializers.IntegerField(min_value=1, max_value=99)
    suggested_strategy = serializers.ChoiceField(choices=Strategy.choices)
    colour = serializers.RegexField(r"^(#[0-9a-fA-F]{6})?$", required=False, default="")


class RiskHeatCellSerializer(In[Any]):
    likelihood = serializers.ChoiceField(choices=Likelihood.choices)
    impact = serializers.ChoiceField(choices=Impact.choices)
    count = serializers.IntegerField()
    colour = serializers.CharField()
    level = RiskLevelSerializer()
    priority = serializers.IntegerField()
    strategy = serializers.ChoiceField(choices=Strategy.choices)


class RiskHeatRowSerializer(In[Any]):
    likelihood = serializers.ChoiceField(choices=Likelihood.choices)
    cells = RiskHeatCellSerializer(many=True)


class RiskHeatMapSerializer(In[Any]):
    total = serializers.IntegerField()
    rows = RiskHeatRowSerializer(many=True)


class RiskCategorySerializer(serializers.ModelSerializer[RiskCategory]):
    class Meta:
        model = RiskCategory
        fields = ["id", "code", "name", "name_en", "order", "is_active"]
        read_only_fields = fields


class RiskChecklistItemSerializer(serializers.ModelSerializer[RiskChecklistItem]):
    class Meta:
        model = RiskChecklistItem
        fields = ["id", "category", "question", "order"]
        read_only_fields = fields


class RiskChecklistSerializer(serializers.ModelSerializer[RiskChecklist]):
    items = RiskChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = RiskChecklist
        fields = ["id", "name", "name_en", "service_type", "is_active", "items"]
        read_only_fields = fields


class RiskResponseActionSerializer(serializers.ModelSerializer[ResponseAction]):
    class Meta:
        model = ResponseAction
        fields = ["id", "risk", "description", "owner", "due_date", "done_at", "created_at"]
        read_only_fields = fields


class RiskReviewSerializer(serializers.ModelSerializer[RiskReview]):
    class Meta:
        model = RiskReview
        fields = [
            "id",
            "risk",
            "reviewer",
            "at",
            "likelihood",
            "impact",
            "note",
            "next_review_date",
        ]
        read_only_fields = fields


class RiskSerializer(serializers.ModelSerializer[Risk]):
    level = RiskLevelSerializer(read_only=True)
    residual_level = RiskLevelSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Risk
        fields = [
            "id",
            "code",
            "engagement",
            "title",
            "description",
            "cause",
            "category",
            "method",
            "checklist_item",
            "owner",
            "raised_by",
            "likelihood",
            "impact",
            "level",
            "priority",
            "suggested_strategy",
            "strategy",
            "transfer_mode",
            "strategy_note",
            "residual_likelihood",
            "residual_impact",
            "residual_level",
            "status",
            "review_date",
            "last_reviewed_at",
            "closed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RiskDetailSerializer(RiskSerializer):
    actions = RiskResponseActionSerializer(many=True, read_only=True)
    reviews = RiskReviewSerializer(many=True, read_only=True)

    class Meta(RiskSerializer.Meta):
        fields = [*RiskSerializer.Meta.fields, "actions", "reviews"]
        read_only_fields = fields


class RiskRaiseSerializer(In[dict[str, Any]]):
    engagement = serializers.IntegerField(required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=200)
    category = serializers.IntegerField()
    method = serializers.ChoiceField(choices=IdentificationMethod.choices)
    checklist_item = serializers.IntegerField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    cause = serializers.CharField(required=False, allow_blank=True, default="")
    likelihood = serializers.ChoiceField(choices=Likelihood.choices)
    impact = serializers.ChoiceField(choices=Impact.choices)
    owner = serializers.IntegerField(required=False, allow_null=True, default=None)
    review_date = serializers.DateField(required=False, allow_null=True, default=None)


class RiskUpdateSerializer(In[dict[str, Any]]):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    cause = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.IntegerField()
    owner = serializers.IntegerField()
    review_date = serializers.DateField(required=False, allow_null=True, default=None)


class RiskAssessSerializer(In[dict[str, Any]]):
    likelihood = serializers.ChoiceField(choices=Likelihood.choices)
    impact = serializers.ChoiceField(choices=Impact.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class RiskStrategyInputSerializer(In[dict[str, Any]]):
    strategy = serializers.ChoiceField(choices=Strategy.choices)
    transfer_mode = serializers.ChoiceField(
        choices=TransferMode.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RiskResidualSerializer(In[dict[str, Any]]):
    residual_likelihood = serializers.ChoiceField(choices=Likelihood.choices)
    residual_impact = serializers.ChoiceField(choices=Impact.choices)


class RiskActionInputSerializer(In[dict[str, Any]]):
    description = serializers.CharField(max_length=500)
    owner = serializers.IntegerField()
    due_date = serializers.DateField()


class RiskReviewInputSerializer(In[dict[str, Any]]):
    likelihood = serializers.ChoiceField(choices=Likelihood.choices)
    impact = serializers.ChoiceField(choices=Impact.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    next_review_date = serializers.DateField(required=False, allow_null=True, default=None)


class RiskReasonSerializer(In[dict[str, Any]]):
    reason = serializers.CharField(max_length=200)


class RiskHistoryMoveSerializer(In[Any]):
    at = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True)
    likelihood = serializers.ChoiceField(choices=Likelihood.choices)
    impact = serializers.ChoiceField(choices=Impact.choices)
    level = RiskLevelSerializer()
    priority = serializers.IntegerField()
    reason = serializers.CharField()
    level_changed = serializers.BooleanField()


class RiskPlanStepSerializer(serializers.ModelSerializer[EmergencyPlanStep]):
    class Meta:
        model = EmergencyPlanStep
        fields = ["order", "action", "role"]
        read_only_fields = fields


class RiskPlanSerializer(serializers.ModelSerializer[EmergencyPlan]):
    steps = RiskPlanStepSerializer(many=True, read_only=True)

    class Meta:
        model = EmergencyPlan
        fields = [
            "id",
            "category",
            "title",
            "trigger",
            "roles",
            "contacts",
            "is_active",
            "steps",
            "updated_at",
        ]
        read_only_fields = fields


class RiskPlanStepInputSerializer(In[dict[str, Any]]):
    action = serializers.CharField(max_length=300)
    role = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class RiskPlanInputSerializer(In[dict[str, Any]]):
    category = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    trigger = serializers.CharField()
    roles = serializers.CharField(required=False, allow_blank=True, default="")
    contacts = serializers.CharField(required=False, allow_blank=True, default="")
    is_active = serializers.BooleanField(required=False, default=True)
    steps = RiskPlanStepInputSerializer(many=True)


class RiskIncidentStepSerializer(serializers.ModelSerializer[IncidentStep]):
    class Meta:
        model = IncidentStep
        fields = ["id", "order", "action", "role", "done_at", "done_by", "note"]
        read_only_fields = fields


class RiskIncidentEventSerializer(serializers.ModelSerializer[IncidentEvent]):
    class Meta:
        model = IncidentEvent
        fields = ["id", "kind", "at", "actor", "text"]
        read_only_fields = fields


class RiskIncidentSerializer(serializers.ModelSerializer[Incident]):
    class Meta:
        model = Incident
        fields = [
            "id",
            "code",
            "engagement",
            "risk",
            "category",
            "plan",
            "title",
            "description",
            "severity",
            "status",
            "reported_by",
            "occurred_at",
            "resolved_at",
            "closed_at",
            "root_cause",
            "lessons",
            "improvements",
            "reviewed_by",
            "created_at",
        ]
        read_only_fields = fields


class RiskIncidentDetailSerializer(RiskIncidentSerializer):
    steps = RiskIncidentStepSerializer(many=True, read_only=True)
    events = RiskIncidentEventSerializer(many=True, read_only=True)

    class Meta(RiskIncidentSerializer.Meta):
        fields = [*RiskIncidentSerializer.Meta.fields, "steps", "events"]
        read_only_fields = fields


class RiskIncidentReportSerializer(In[dict[str, Any]]):
    engagement = serializers.IntegerField(required=False, allow_null=True, default=None)
    risk = serializers.IntegerField(required=False, allow_null=True, default=None)
    plan = serializers.IntegerField(required=False, allow_null=True, default=None)
    category = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    severity = serializers.ChoiceField(choices=Severity.choices)
    occurred_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class RiskClassifySerializer(In[dict[str, Any]]):
    severity = serializers.ChoiceField(choices=Severity.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class RiskNoteSerializer(In[dict[str, Any]]):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class RiskTextSerializer(In[dict[str, Any]]):
    text = serializers.CharField(max_length=2000)


class RiskImprovementSerializer(In[dict[str, Any]]):
    description = serializers.CharField(max_length=500)
    owner_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class RiskIncidentReviewSerializer(In[dict[str, Any]]):
    root_cause = serializers.CharField()
    lessons = serializers.CharField()
    improvements = RiskImprovementSerializer(many=True, required=False, default=list)


class RiskWarningSerializer(serializers.ModelSerializer[EarlyWarning]):
    class Meta:
        model = EarlyWarning
        fields = [
            "id",
            "indicator",
            "engagement",
            "value",
            "threshold",
            "last_value",
            "raised_at",
            "last_evaluated_at",
            "cleared_at",
            "cleared_value",
        ]
        read_only_fields = fields


class RiskIndicatorSerializer(In[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    worse = serializers.CharField()
    default_threshold = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)


class RiskThresholdSerializer(serializers.ModelSerializer[IndicatorThreshold]):
    class Meta:
        model = IndicatorThreshold
        fields = ["id", "indicator", "engagement", "threshold", "is_active"]
        read_only_fields = fields


class RiskThresholdInputSerializer(In[dict[str, Any]]):
    indicator = serializers.CharField(max_length=64)
    engagement = serializers.IntegerField(required=False, allow_null=True, default=None)
    threshold = serializers.DecimalField(max_digits=12, decimal_places=4)
    is_active = serializers.BooleanField(required=False, default=True)
