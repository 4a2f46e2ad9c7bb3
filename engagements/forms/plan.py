"""Forms of the plan pages (ENG-7, ENG-8, COM-1, COM-2): they check shape only; the
services decide and their refusals are shown on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import BootstrapMixin
from engagements.models import Engagement
from engagements.models.meetings import MeetingKind
from engagements.models.plan import ExpenseKind, Phase, TeamRole
from engagements.selectors import plan as sel
from staff.models import User

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgressForm(BootstrapMixin, forms.Form):
    percent_complete = forms.IntegerField(
        label=gettext_lazy("Percent complete"),
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "min": 0, "max": 100, "autofocus": True}
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_percent_complete(self) -> int:
        value: int = self.cleaned_data["percent_complete"]
        if not 0 <= value <= 100:
            raise forms.ValidationError(_("Enter a percentage from 0 to 100."))
        return value


class TeamMemberForm(BootstrapMixin, forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=TeamRole.choices)

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = sel.team_candidates(engagement=engagement)  # type: ignore[attr-defined]


class MilestoneForm(BootstrapMixin, forms.Form):
    phase = forms.ChoiceField(label=gettext_lazy("Phase"), choices=Phase.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    planned_date = forms.DateField(label=gettext_lazy("Planned date"), widget=_date_input())
    deliverables = forms.CharField(
        label=gettext_lazy("Deliverables"), required=False, widget=TEXTAREA
    )
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Owner"), queryset=User.objects.none(), required=False
    )
    order = forms.IntegerField(
        label=gettext_lazy("Order within the phase"), min_value=0, max_value=999, initial=0
    )

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = sel.team_users(engagement=engagement)  # type: ignore[attr-defined]


class TimeEntryForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=gettext_lazy("Date"), widget=_date_input())
    hours = forms.DecimalField(
        label=gettext_lazy("Hours"), max_digits=4, decimal_places=2, min_value=0, max_value=24
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class ExpenseForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=gettext_lazy("Date"), widget=_date_input())
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ExpenseKind.choices)
    amount = forms.DecimalField(
        label=gettext_lazy("Amount"), max_digits=12, decimal_places=2, min_value=0
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class MeetingForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    held_at = forms.DateTimeField(
        label=gettext_lazy("Held at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    agenda = forms.CharField(
        label=gettext_lazy("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 7})
    )
    materials = forms.CharField(
        label=gettext_lazy("Distributed materials"), required=False, widget=TEXTAREA
    )
    participants = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Participants"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            Q(pk__in=sel.team_user_ids(engagement=engagement)) | Q(client_id=engagement.client_id),
            is_active=True,
        ).order_by("client_id", "username")


class MinutesForm(BootstrapMixin, forms.Form):
    minutes = forms.CharField(
        label=gettext_lazy("Minutes"), widget=forms.Textarea(attrs={"rows": 6})
    )
    decisions = forms.CharField(label=gettext_lazy("Decisions"), required=False, widget=TEXTAREA)
    attended = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Attended"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, invited: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = invited  # type: ignore[attr-defined]
        # A list of checkboxes, not one control: Bootstrap styles each box itself.
        self.fields["attended"].widget.attrs["class"] = "form-check-input"


class ActionItemForm(BootstrapMixin, forms.Form):
    description = forms.CharField(label=gettext_lazy("Action"), max_length=500)
    owner = forms.ModelChoiceField(label=gettext_lazy("Owner"), queryset=User.objects.none())
    due_date = forms.DateField(label=gettext_lazy("Due date"), widget=_date_input())

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class ProgressReportForm(BootstrapMixin, forms.Form):
    period_start = forms.DateField(label=gettext_lazy("Period start"), widget=_date_input())
    period_end = forms.DateField(label=gettext_lazy("Period end"), widget=_date_input())
    summary = forms.CharField(
        label=gettext_lazy("Summary"), widget=forms.Textarea(attrs={"rows": 6})
    )


class CadenceForm(BootstrapMixin, forms.Form):
    every_days = forms.IntegerField(
        label=gettext_lazy("Report every (days)"), min_value=1, max_value=366
    )
