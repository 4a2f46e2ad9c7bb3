"""Forms of the staff app: they only validate shape; every write goes through a service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin
from staff.choices import PlanPeriod, Rating, ViolationOutcome
from staff.models import QualificationType, User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def staff_choices() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("person"),
        queryset=User.objects.filter(is_active=True, client__isnull=True).order_by("username"),
    )


class ProfileForm(BootstrapMixin, forms.Form):
    position = forms.CharField(label=_("position"), max_length=100, required=False)
    department = forms.CharField(label=_("department"), max_length=100, required=False)
    manager = forms.ModelChoiceField(
        label=_("line manager"),
        queryset=User.objects.filter(is_active=True, client__isnull=True).order_by("username"),
        required=False,
    )
    joined_on = forms.DateField(label=_("joined on"), required=False, widget=DateInput())
    education = forms.CharField(
        label=_("education"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    experience = forms.CharField(
        label=_("experience"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class CertificateForm(BootstrapMixin, forms.Form):
    qualification = forms.ModelChoiceField(
        label=_("qualification"), queryset=QualificationType.objects.order_by("code")
    )
    number = forms.CharField(label=_("certificate number"), max_length=60, required=False)
    issued_by = forms.CharField(label=_("issued by"), max_length=120, required=False)
    issued_on = forms.DateField(label=_("issued on"), widget=DateInput())
    expires_on = forms.DateField(label=_("expires on"), required=False, widget=DateInput())
    attachment = forms.FileField(label=_("attachment (PDF, PNG, JPEG)"), required=False)


class RenewForm(BootstrapMixin, forms.Form):
    issued_on = forms.DateField(label=_("issued on"), widget=DateInput())
    expires_on = forms.DateField(label=_("expires on"), required=False, widget=DateInput())


class PlanForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    period = forms.ChoiceField(label=_("period"), choices=PlanPeriod.choices)
    starts_on = forms.DateField(label=_("starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("ends on"), widget=DateInput())
    target_hours = forms.DecimalField(
        label=_("target hours per person"), max_digits=6, decimal_places=1, min_value=0
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("participants"),
        queryset=User.objects.filter(is_active=True, client__isnull=True).order_by("username"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    description = forms.CharField(
        label=_("content"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SessionForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    held_on = forms.DateField(label=_("held on"), widget=DateInput())
    hours = forms.DecimalField(label=_("hours"), max_digits=4, decimal_places=1, min_value=0)
    trainer = forms.CharField(label=_("trainer"), max_length=100, required=False)
    is_onboarding = forms.BooleanField(label=_("part of onboarding"), required=False)


class AttendanceForm(BootstrapMixin, forms.Form):
    users = forms.ModelMultipleChoiceField(
        label=_("attended"),
        queryset=User.objects.filter(is_active=True, client__isnull=True).order_by("username"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    hours = forms.DecimalField(
        label=_("hours attended (blank: the whole session)"),
        max_digits=4,
        decimal_places=1,
        min_value=0,
        required=False,
    )


class OnboardingForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("item"), max_length=200)
    due_on = forms.DateField(label=_("due on"), widget=DateInput())


class MentorForm(BootstrapMixin, forms.Form):
    mentor = forms.ModelChoiceField(
        label=_("mentor"),
        queryset=User.objects.filter(is_active=True, client__isnull=True).order_by("username"),
    )
    mentee = forms.ModelChoiceField(
        label=_("mentee"),
        queryset=User.objects.filter(is_active=True, client__isnull=True).order_by("username"),
    )
    starts_on = forms.DateField(label=_("starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("ends on"), required=False, widget=DateInput())
    goals = forms.CharField(
        label=_("goals"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AppraisalOpenForm(BootstrapMixin, forms.Form):
    period_start = forms.DateField(label=_("period start"), widget=DateInput())
    period_end = forms.DateField(label=_("period end"), widget=DateInput())


class AssessForm(BootstrapMixin, forms.Form):
    rating = forms.ChoiceField(
        label=_("rating"), choices=[("", "—"), *Rating.choices], required=False
    )
    assessment = forms.CharField(
        label=_("manager's assessment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class GoalForm(BootstrapMixin, forms.Form):
    objective = forms.CharField(label=_("objective"), max_length=200)
    key_results = forms.CharField(
        label=_("key results"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.IntegerField(label=_("weight (percent)"), min_value=0, max_value=100, initial=25)
    score = forms.DecimalField(
        label=_("score (0–1)"),
        max_digits=3,
        decimal_places=2,
        min_value=0,
        max_value=1,
        required=False,
    )


class InterviewForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label=_("held on"), widget=DateInput())
    notes = forms.CharField(label=_("record"), widget=forms.Textarea(attrs={"rows": 4}))


class DeclarationForm(BootstrapMixin, forms.Form):
    independent = forms.BooleanField(
        label=_("I confirm I am independent of this client and its related parties"),
        required=False,
    )
    conflicts = forms.CharField(
        label=_("Conflicts of interest to disclose (leave blank if none)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ViolationForm(BootstrapMixin, forms.Form):
    user = forms.ModelChoiceField(
        label=_("person"),
        queryset=User.objects.filter(is_active=True, client__isnull=True).order_by("username"),
    )
    occurred_on = forms.DateField(label=_("occurred on"), widget=DateInput())
    engagement = forms.IntegerField(
        label=_("engagement id (optional)"), required=False, widget=forms.HiddenInput()
    )
    description = forms.CharField(
        label=_("what happened"), widget=forms.Textarea(attrs={"rows": 3})
    )


class OutcomeForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[c for c in ViolationOutcome.choices if c[0] != ViolationOutcome.OPEN],
    )
    outcome_note = forms.CharField(
        label=_("outcome details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
