"""Forms of the KPI, action, initiative and case pages (QC-12, QC-13, IMP-1…IMP-3)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin
from engagements.models import Engagement
from quality.models.improvement import ActionKind, ActionSource, ProblemNature, Severity
from staff.models import User

TEXTAREA = forms.Textarea(attrs={"rows": 3})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _staff() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Responsible person"),
        queryset=User.objects.filter(is_active=True, client__isnull=True)
        .exclude(groups=None)
        .distinct()
        .order_by("username"),
    )


class ActionOpenForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionKind.choices)
    source_kind = forms.ChoiceField(label=_("Source"), choices=ActionSource.choices)
    source_text = forms.CharField(label=_("Problem"), widget=TEXTAREA, max_length=10000)
    engagement = forms.ModelChoiceField(
        label=_("Engagement"), queryset=Engagement.objects.none(), required=False
    )
    nature = forms.ChoiceField(label=_("Nature"), choices=ProblemNature.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial="general")
    department = forms.CharField(label=_("Responsible department"), max_length=100, required=False)
    owner = _staff()
    due_date = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    target = forms.CharField(label=_("Target"), widget=TEXTAREA, required=False, max_length=5000)

    def __init__(self, *args: object, engagements=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if engagements is not None:
            self.fields["engagement"].queryset = engagements.order_by("code")  # type: ignore[attr-defined]


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, max_length=10000)


class ProgressForm(NoteForm):
    reported_to_client = forms.BooleanField(label=_("Reported to the client"), required=False)


class VerifyForm(BootstrapMixin, forms.Form):
    effective = forms.TypedChoiceField(
        label=_("Effective?"),
        choices=[("yes", _("Effective")), ("no", _("Not effective"))],
        coerce=lambda v: v == "yes",
    )
    note = forms.CharField(label=_("Verification"), widget=TEXTAREA, max_length=10000)


class ReopenForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXTAREA, max_length=5000)
    due_date = forms.DateField(label=_("New deadline"), required=False, widget=DATE)


class RectifyForm(BootstrapMixin, forms.Form):
    owner = _staff()
    due_date = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    plan = forms.CharField(label=_("Plan (measures)"), widget=TEXTAREA, required=False)


class InitiativeForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    process_area = forms.CharField(label=_("Process area"), max_length=100, required=False)
    evaluation = forms.CharField(label=_("Evaluation finding"), widget=TEXTAREA, required=False)
    owner = _staff()
    due_date = forms.DateField(label=_("Deadline"), required=False, widget=DATE)


class CaseForm(BootstrapMixin, forms.Form):
    engagement = forms.ModelChoiceField(
        label=_("Closed engagement"), queryset=Engagement.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    summary = forms.CharField(label=_("Summary"), widget=TEXTAREA)
    lessons = forms.CharField(label=_("Lessons learned"), widget=TEXTAREA)
    tags = forms.CharField(label=_("Keywords"), max_length=300, required=False)

    def __init__(self, *args: object, engagements=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if engagements is not None:
            self.fields["engagement"].queryset = engagements.order_by("code")  # type: ignore[attr-defined]
