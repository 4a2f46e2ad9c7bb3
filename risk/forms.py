"""Forms of the risk pages. They validate shape only; every write goes through a service."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.navigation import ALL_STAFF
from engagements.models import Engagement
from risk.choices import IdentificationMethod, Impact, Likelihood, Severity, Strategy, TransferMode
from risk.models import EmergencyPlan, Risk, RiskCategory, RiskChecklistItem
from staff.models import User

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def staff_users() -> Any:
    return (
        User.objects.filter(is_active=True, groups__name__in=ALL_STAFF)
        .distinct()
        .order_by("display_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class BootstrapForm(forms.Form):
    """Adds Bootstrap classes to every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class RiskRaiseForm(BootstrapForm):
    title = forms.CharField(label=_("Risk"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=RiskCategory.objects.filter(is_active=True)
    )
    method = forms.ChoiceField(label=_("Identified by"), choices=IdentificationMethod.choices)
    checklist_item = forms.ModelChoiceField(
        label=_("Checklist item"),
        queryset=RiskChecklistItem.objects.none(),
        required=False,
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    cause = forms.CharField(
        label=_("Cause"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    likelihood = forms.ChoiceField(label=_("Likelihood"), choices=Likelihood.choices)
    impact = forms.ChoiceField(label=_("Impact"), choices=Impact.choices)
    owner = StaffChoiceField(label=_("Owner"), queryset=User.objects.none())
    review_date = forms.DateField(label=_("Next review"), widget=DATE, required=False)

    def __init__(self, *args: Any, engagement: Engagement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = staff_users()
        items = RiskChecklistItem.objects.select_related("checklist").filter(
            checklist__is_active=True
        )
        kinds = [""] + ([engagement.service_type] if engagement else [])
        cast(forms.ModelChoiceField, self.fields["checklist_item"]).queryset = items.filter(
            checklist__service_type__in=kinds
        )
        self.fields["checklist_item"].label_from_instance = (  # type: ignore[attr-defined]
            lambda item: f"{item.checklist} · {item.question}"
        )
        for name in ("likelihood", "impact"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": reverse("risk:suggest"),
                    "hx-trigger": "change",
                    "hx-target": "#strategy-suggestion",
                    "hx-include": "[name=likelihood],[name=impact]",
                    # Both selects ask for the suggestion: a newer change aborts the request
                    # still in flight, so a late answer for the old pair never wins.
                    "hx-sync": "closest form:replace",
                }
            )


class RiskEditForm(BootstrapForm):
    title = forms.CharField(label=_("Risk"), max_length=200)
    category = forms.ModelChoiceField(label=_("Category"), queryset=RiskCategory.objects.all())
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    cause = forms.CharField(
        label=_("Cause"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owner = StaffChoiceField(label=_("Owner"), queryset=User.objects.none())
    review_date = forms.DateField(label=_("Next review"), widget=DATE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = staff_users()

    @classmethod
    def for_risk(cls, risk: Risk, data: Any = None) -> RiskEditForm:
        return cls(
            data,
            initial={
                "title": risk.title,
                "category": risk.category_id,
                "description": risk.description,
                "cause": risk.cause,
                "owner": risk.owner_id,
                "review_date": risk.review_date,
            },
        )


class AssessForm(BootstrapForm):
    likelihood = forms.ChoiceField(label=_("Likelihood"), choices=Likelihood.choices)
    impact = forms.ChoiceField(label=_("Impact"), choices=Impact.choices)
    reason = forms.CharField(label=_("Why"), max_length=200, required=False)


class StrategyForm(BootstrapForm):
    strategy = forms.ChoiceField(label=_("Strategy"), choices=Strategy.choices)
    transfer_mode = forms.ChoiceField(
        label=_("Transferred by"),
        choices=[("", "—"), *TransferMode.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ResidualForm(BootstrapForm):
    residual_likelihood = forms.ChoiceField(
        label=_("Residual likelihood"), choices=Likelihood.choices
    )
    residual_impact = forms.ChoiceField(label=_("Residual impact"), choices=Impact.choices)


class ActionForm(BootstrapForm):
    description = forms.CharField(label=_("Action"), max_length=500)
    owner = StaffChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = staff_users()


class ReviewForm(BootstrapForm):
    likelihood = forms.ChoiceField(label=_("Likelihood"), choices=Likelihood.choices)
    impact = forms.ChoiceField(label=_("Impact"), choices=Impact.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    next_review_date = forms.DateField(label=_("Next review"), widget=DATE, required=False)


class ReasonForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class IncidentReportForm(BootstrapForm):
    title = forms.CharField(label=_("Incident"), max_length=200)
    engagement = forms.ModelChoiceField(
        label=_("Engagement"), queryset=Engagement.objects.none(), required=False
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=RiskCategory.objects.filter(is_active=True)
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    occurred_at = forms.DateTimeField(label=_("Occurred at"), widget=DATETIME, required=False)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, engagements: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if engagements is not None:
            cast(forms.ModelChoiceField, self.fields["engagement"]).queryset = engagements
        self.fields["occurred_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class ClassifyForm(BootstrapForm):
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class NoteForm(BootstrapForm):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class StepDoneForm(BootstrapForm):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class IncidentReviewForm(BootstrapForm):
    root_cause = forms.CharField(label=_("Root cause"), widget=forms.Textarea(attrs={"rows": 2}))
    lessons = forms.CharField(label=_("Lessons learned"), widget=forms.Textarea(attrs={"rows": 2}))
    improvements = forms.CharField(
        label=_("Improvement actions"),
        help_text=_("One a line; each opens a corrective action in quality management."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class PlanForm(BootstrapForm):
    category = forms.ModelChoiceField(label=_("Category"), queryset=RiskCategory.objects.all())
    title = forms.CharField(label=_("Title"), max_length=200)
    trigger = forms.CharField(label=_("Trigger"), widget=forms.Textarea(attrs={"rows": 2}))
    roles = forms.CharField(
        label=_("Roles and responsibilities"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    contacts = forms.CharField(
        label=_("Contacts"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    steps = forms.CharField(
        label=_("Steps"),
        help_text=_(
            "One step a line; the responsible role after a vertical bar: 通知客户 | 项目经理"
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    @classmethod
    def for_plan(cls, plan: EmergencyPlan, data: Any = None) -> PlanForm:
        steps = "\n".join(
            f"{s.action} | {s.role}" if s.role else s.action for s in plan.steps.all()
        )
        return cls(
            data,
            initial={
                "category": plan.category_id,
                "title": plan.title,
                "trigger": plan.trigger,
                "roles": plan.roles,
                "contacts": plan.contacts,
                "steps": steps,
                "is_active": plan.is_active,
            },
        )
