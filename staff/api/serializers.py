"""Serializers of the staff API: outputs list their fields read-only; inputs are plain
serializers whose data goes to the services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from staff.choices import PlanPeriod, Raci, Rating, ViolationOutcome
from staff.models import (
    Appraisal,
    Certificate,
    Declaration,
    Goal,
    Interview,
    StaffProfile,
    TrainingPlan,
    TrainingSession,
    User,
    Violation,
)

Data = dict[str, Any]


class PersonSerializer(serializers.ModelSerializer[User]):
    name = serializers.CharField(source="__str__", read_only=True)
    position = serializers.CharField(source="staff_profile.position", default="", read_only=True)
    department = serializers.CharField(
        source="staff_profile.department", default="", read_only=True
    )
    expiring_count = serializers.IntegerField(read_only=True, default=0)
    has_expired = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "position",
            "department",
            "expiring_count",
            "has_expired",
        ]
        read_only_fields = fields


class ProfileSerializer(serializers.ModelSerializer[StaffProfile]):
    class Meta:
        model = StaffProfile
        fields = [
            "user",
            "position",
            "department",
            "manager",
            "joined_on",
            "education",
            "experience",
            "updated_at",
        ]
        read_only_fields = fields


class ProfileInputSerializer(serializers.Serializer[Data]):
    position = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    department = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    manager = serializers.IntegerField(required=False, allow_null=True, default=None)
    joined_on = serializers.DateField(required=False, allow_null=True, default=None)
    education = serializers.CharField(required=False, allow_blank=True, default="")
    experience = serializers.CharField(required=False, allow_blank=True, default="")


class CertificateSerializer(serializers.ModelSerializer[Certificate]):
    qualification_name = serializers.CharField(source="qualification.name", read_only=True)
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "user",
            "qualification",
            "qualification_name",
            "number",
            "issued_by",
            "issued_on",
            "expires_on",
            "has_attachment",
        ]
        read_only_fields = fields

    def get_has_attachment(self, obj: Certificate) -> bool:
        return bool(obj.attachment)


class CertificateInputSerializer(serializers.Serializer[Data]):
    qualification = serializers.IntegerField()
    number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    issued_by = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    issued_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


class RenewInputSerializer(serializers.Serializer[Data]):
    issued_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)


class PlanHoursSerializer(serializers.Serializer[Any]):
    plan = serializers.IntegerField(source="plan.pk")
    title = serializers.CharField(source="plan.title")
    target = serializers.DecimalField(max_digits=6, decimal_places=1)
    attended = serializers.DecimalField(max_digits=8, decimal_places=1)


class PersonDetailSerializer(serializers.Serializer[Any]):
    person = PersonSerializer()
    record = ProfileSerializer(allow_null=True)
    certificates = CertificateSerializer(many=True)
    training = PlanHoursSerializer(many=True)


class TrainingPlanSerializer(serializers.ModelSerializer[TrainingPlan]):
    session_count = serializers.IntegerField(read_only=True, default=0)
    participant_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = TrainingPlan
        fields = [
            "id",
            "title",
            "period",
            "starts_on",
            "ends_on",
            "target_hours",
            "description",
            "session_count",
            "participant_count",
        ]
        read_only_fields = fields


class TrainingPlanInputSerializer(serializers.Serializer[Data]):
    title = serializers.CharField(max_length=200)
    period = serializers.ChoiceField(choices=PlanPeriod.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    target_hours = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=0)
    participants = serializers.ListField(child=serializers.IntegerField(), default=list)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ParticipantHoursSerializer(serializers.Serializer[Any]):
    user = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="__str__")
    attended = serializers.DecimalField(max_digits=8, decimal_places=1)


class TrainingSessionSerializer(serializers.ModelSerializer[TrainingSession]):
    class Meta:
        model = TrainingSession
        fields = ["id", "plan", "title", "held_on", "hours", "trainer", "is_onboarding"]
        read_only_fields = fields


class TrainingSessionInputSerializer(serializers.Serializer[Data]):
    title = serializers.CharField(max_length=200)
    held_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=1)
    trainer = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    is_onboarding = serializers.BooleanField(required=False, default=False)


class AttendanceInputSerializer(serializers.Serializer[Data]):
    users = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, default=None
    )


class MentorInputSerializer(serializers.Serializer[Data]):
    mentor = serializers.IntegerField()
    mentee = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    goals = serializers.CharField(required=False, allow_blank=True, default="")


class OnboardingInputSerializer(serializers.Serializer[Data]):
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


class FigureSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.JSONField(allow_null=True)
    unit = serializers.CharField()
    source_url = serializers.CharField()


class GoalSerializer(serializers.ModelSerializer[Goal]):
    class Meta:
        model = Goal
        fields = ["id", "objective", "key_results", "weight", "score"]
        read_only_fields = fields


class GoalInputSerializer(serializers.Serializer[Data]):
    objective = serializers.CharField(max_length=200)
    key_results = serializers.CharField(required=False, allow_blank=True, default="")
    weight = serializers.IntegerField(min_value=0, max_value=100, default=25)
    score = serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        min_value=0,
        max_value=1,
        required=False,
        allow_null=True,
        default=None,
    )


class InterviewSerializer(serializers.ModelSerializer[Interview]):
    class Meta:
        model = Interview
        fields = ["id", "held_on", "interviewer", "notes"]
        read_only_fields = fields


class InterviewInputSerializer(serializers.Serializer[Data]):
    held_on = serializers.DateField()
    notes = serializers.CharField()


class AppraisalSerializer(serializers.ModelSerializer[Appraisal]):
    class Meta:
        model = Appraisal
        fields = [
            "id",
            "user",
            "period_start",
            "period_end",
            "appraiser",
            "status",
            "rating",
            "assessment",
            "finalised_at",
            "finalised_by",
        ]
        read_only_fields = fields


class AppraisalDetailSerializer(serializers.Serializer[Any]):
    appraisal = AppraisalSerializer()
    figures = FigureSerializer(many=True)
    goals = GoalSerializer(many=True)
    interviews = InterviewSerializer(many=True)


class AppraisalOpenSerializer(serializers.Serializer[Data]):
    period_start = serializers.DateField()
    period_end = serializers.DateField()


class AssessInputSerializer(serializers.Serializer[Data]):
    rating = serializers.ChoiceField(choices=Rating.choices, allow_blank=True)
    assessment = serializers.CharField(allow_blank=True)


class RaciCellSerializer(serializers.Serializer[Any]):
    step = serializers.IntegerField()
    step_name = serializers.CharField()
    user = serializers.IntegerField()
    letter = serializers.ChoiceField(choices=Raci.choices)


class RaciInputSerializer(serializers.Serializer[Data]):
    step = serializers.IntegerField()
    user = serializers.IntegerField()
    letter = serializers.ChoiceField(choices=Raci.choices, allow_blank=True)


class DeclarationSerializer(serializers.ModelSerializer[Declaration]):
    class Meta:
        model = Declaration
        fields = [
            "id",
            "engagement",
            "user",
            "independent",
            "conflicts",
            "declared_at",
            "cleared_at",
            "cleared_by",
        ]
        read_only_fields = fields


class DeclarationInputSerializer(serializers.Serializer[Data]):
    independent = serializers.BooleanField()
    conflicts = serializers.CharField(required=False, allow_blank=True, default="")


class ViolationSerializer(serializers.ModelSerializer[Violation]):
    class Meta:
        model = Violation
        fields = [
            "id",
            "user",
            "engagement",
            "occurred_on",
            "description",
            "outcome",
            "outcome_note",
            "recorded_by",
        ]
        read_only_fields = fields


class ViolationInputSerializer(serializers.Serializer[Data]):
    user = serializers.IntegerField()
    occurred_on = serializers.DateField()
    description = serializers.CharField()
    engagement = serializers.IntegerField(required=False, allow_null=True, default=None)


class OutcomeInputSerializer(serializers.Serializer[Data]):
    outcome = serializers.ChoiceField(choices=ViolationOutcome.choices)
    outcome_note = serializers.CharField(required=False, allow_blank=True, default="")
