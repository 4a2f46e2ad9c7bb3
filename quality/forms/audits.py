"""Forms of the audit pages (QC-6…QC-11): shape only; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin
from engagements.models import Engagement
from quality.models import ChecklistTemplate
from quality.models.audits import AuditKind, SamplePopulation
from quality.selectors.audits import SheetRow
from staff.choices import Role
from staff.models import User

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class AuditPlanForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AuditKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    planned_date = forms.DateField(
        label=_("Planned date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    template = forms.ModelChoiceField(
        label=_("Checklist"), queryset=ChecklistTemplate.objects.filter(is_active=True)
    )
    lead_auditor = forms.ModelChoiceField(
        label=_("Lead auditor"),
        queryset=User.objects.filter(
            groups__name__in=[Role.QA_MANAGER, Role.ADMIN, Role.TECHNICAL_DIRECTOR], is_active=True
        ).distinct(),
        required=False,
    )
    engagements = forms.ModelMultipleChoiceField(
        label=_("Engagements"),
        queryset=Engagement.objects.exclude(stage__in=["lead", "declined", "cancelled"]).order_by(
            "code"
        ),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].initial = ChecklistTemplate.objects.filter(code="standard").first()


class ScoreForm(forms.Form):
    """One points field and one note per checklist criterion."""

    def __init__(self, *args: Any, sheet: list[SheetRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for row in sheet:
            self.fields[f"p{row.criterion_id}"] = forms.DecimalField(
                label=row.text,
                min_value=Decimal("0"),
                max_value=row.weight,
                decimal_places=2,
                initial=row.points,
                widget=forms.NumberInput(
                    attrs={
                        "class": "form-control form-control-sm",
                        "step": "0.5",
                        "min": 0,
                        "max": row.weight,
                    }
                ),
            )
            self.fields[f"n{row.criterion_id}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=500,
                initial=row.note,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self) -> list[tuple[SheetRow, forms.BoundField, forms.BoundField]]:
        return [(r, self[f"p{r.criterion_id}"], self[f"n{r.criterion_id}"]) for r in self.sheet]

    def points(self) -> dict[int, Decimal]:
        return {r.criterion_id: self.cleaned_data[f"p{r.criterion_id}"] for r in self.sheet}

    def notes(self) -> dict[int, str]:
        return {r.criterion_id: self.cleaned_data[f"n{r.criterion_id}"] for r in self.sheet}


class OpinionForm(BootstrapMixin, forms.Form):
    opinion = forms.CharField(label=_("Written opinion"), widget=TEXTAREA, max_length=10000)


class ReplyForm(BootstrapMixin, forms.Form):
    reply = forms.CharField(label=_("Rectification reply"), widget=TEXTAREA, max_length=10000)


class SampleForm(BootstrapMixin, forms.Form):
    population = forms.ChoiceField(label=_("Records"), choices=SamplePopulation.choices)
    seed = forms.IntegerField(
        label=_("Seed (blank: random)"), required=False, min_value=0, max_value=2**62
    )


class PublishForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
