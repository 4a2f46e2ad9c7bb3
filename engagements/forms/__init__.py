"""Forms of the engagement pages; they only validate shape, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from core.forms import BootstrapMixin
from engagements.choices import (
    Channel,
    Conclusion,
    LeadSource,
    LineKind,
    ReviewDecision,
    ServiceType,
    Stage,
)
from engagements.models import Contract, FeasibilityAssessment, Proposal, Requirements

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class IntakeForm(BootstrapMixin, forms.Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    service_type = forms.ChoiceField(label=_("Service type"), choices=ServiceType.choices)
    source = forms.ChoiceField(label=_("Source"), choices=LeadSource.choices)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", "—"), *Channel.choices], required=False
    )
    contact_name = forms.CharField(label=_("Contact"), max_length=100, required=False)
    contact_details = forms.CharField(label=_("Contact details"), max_length=200, required=False)
    question = forms.CharField(label=_("Question"), widget=TEXTAREA, required=False)

    def __init__(self, *args, clients=None, **kwargs):
        super().__init__(*args, **kwargs)
        if clients is not None:
            self.fields["client"].queryset = clients


class TransitionForm(BootstrapMixin, forms.Form):
    to_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class RequirementsForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Requirements
        fields = [
            "background",
            "goals",
            "expected_outcomes",
            "functional_needs",
            "non_functional_needs",
            "smart_objectives",
        ]
        widgets = {f: TEXTAREA for f in fields}


class FeasibilityForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = FeasibilityAssessment
        fields = [
            "technical",
            "technical_experts",
            "economic",
            "economic_experts",
            "time",
            "time_experts",
        ]
        widgets = {"technical": TEXTAREA, "economic": TEXTAREA, "time": TEXTAREA}


class ConcludeForm(BootstrapMixin, forms.Form):
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Conclusion.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class LineForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LineKind.choices)
    description = forms.CharField(label=_("Description"), max_length=200)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=12, decimal_places=2, min_value=0)
    unit_price = forms.DecimalField(
        label=_("Unit price"), max_digits=14, decimal_places=2, min_value=0
    )


LineFormSet = forms.formset_factory(LineForm, extra=3, max_num=50, min_num=1, validate_min=False)


class QuotationForm(BootstrapMixin, forms.Form):
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="CNY")
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ProposalForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["objectives", "scope", "methods", "schedule", "deliverables", "team_introduction"]
        widgets = {f: TEXTAREA for f in fields}


class ContractForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Contract
        fields = ["scope", "term", "payment", "confidentiality", "liability"]
        widgets = {f: TEXTAREA for f in fields}


class SignoffForm(BootstrapMixin, forms.Form):
    password = forms.CharField(
        label=_("Your password (electronic signature)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )
    otp = forms.CharField(
        label=_("One-time code (only if you use an authenticator app)"),
        required=False,
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )


class ReviewForm(SignoffForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=ReviewDecision.choices)
    comments = forms.CharField(label=_("Comments"), widget=TEXTAREA, required=False)
    field_order = ["decision", "comments", "password", "otp"]


class LegalReviewForm(ReviewForm):
    complete = forms.BooleanField(label=_("Complete"), required=False)
    accurate = forms.BooleanField(label=_("Accurate"), required=False)
    legal = forms.BooleanField(label=_("Lawful"), required=False)
    risk_clauses = forms.BooleanField(label=_("Risk clauses acceptable"), required=False)
    field_order = [
        "complete",
        "accurate",
        "legal",
        "risk_clauses",
        "decision",
        "comments",
        "password",
        "otp",
    ]


class BudgetForm(BootstrapMixin, forms.Form):
    budget = forms.DecimalField(
        label=_("Budget (CNY)"), max_digits=14, decimal_places=2, min_value=0, required=False
    )


class EmptyForm(forms.Form):
    """For steps that take no input beyond the CSRF token (answer, send)."""


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class CopyForm(BootstrapMixin, forms.Form):
    recipient = forms.CharField(label=_("Recipient"), max_length=200)
    copies = forms.IntegerField(label=_("Copies"), min_value=1, max_value=100, initial=1)
