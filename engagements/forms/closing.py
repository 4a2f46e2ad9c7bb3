"""Forms of the delivery, acceptance and follow-up steps (ENG-10…ENG-12): they check shape
only; the services decide and their refusals are shown on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from core.forms import BootstrapMixin
from engagements.models import Engagement
from engagements.models.closing import (
    AcceptanceVerdict,
    DeliveryMode,
    ObligationKind,
)
from engagements.selectors import closing as sel
from staff.models import User

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TickForm(BootstrapMixin, forms.Form):
    done = forms.BooleanField(label=gettext_lazy("Done"), required=False)


class DeliveryItemForm(BootstrapMixin, forms.Form):
    prefix = "delivery"

    content = forms.CharField(label=gettext_lazy("Content"), max_length=300)
    mode = forms.ChoiceField(label=gettext_lazy("Delivery mode"), choices=DeliveryMode.choices)
    planned_at = forms.DateTimeField(
        label=gettext_lazy("Planned delivery time"), widget=_datetime_input()
    )
    standard = forms.CharField(label=gettext_lazy("Acceptance standard"), widget=TEXTAREA)


class DeliverForm(BootstrapMixin, forms.Form):
    delivered_at = forms.DateTimeField(
        label=gettext_lazy("Delivered at (empty: now)"), required=False, widget=_datetime_input()
    )


class AcceptanceRequestForm(BootstrapMixin, forms.Form):
    prefix = "acceptance"

    content = forms.CharField(
        label=gettext_lazy("Content submitted for acceptance"), widget=TEXTAREA
    )
    criteria = forms.CharField(label=gettext_lazy("Acceptance criteria"), widget=TEXTAREA)


class ResubmitForm(BootstrapMixin, forms.Form):
    prefix = "resubmit"

    rectification = forms.CharField(label=gettext_lazy("What was rectified"), widget=TEXTAREA)
    content = forms.CharField(
        label=gettext_lazy("Content submitted for acceptance"), required=False, widget=TEXTAREA
    )
    criteria = forms.CharField(
        label=gettext_lazy("Acceptance criteria"), required=False, widget=TEXTAREA
    )


class VerdictForm(BootstrapMixin, forms.Form):
    """The client's verdict as the project manager records it (e.g. given by phone)."""

    prefix = "verdict"

    verdict = forms.ChoiceField(
        label=gettext_lazy("Verdict"), choices=AcceptanceVerdict.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons (required on fail)"), required=False, widget=TEXTAREA
    )
    on_behalf_of = forms.ModelChoiceField(
        label=gettext_lazy("Given by (client user)"), queryset=User.objects.none(), required=False
    )
    client_contact = forms.CharField(
        label=gettext_lazy("Or the name of the client's contact"), max_length=150, required=False
    )
    password = forms.CharField(
        label=gettext_lazy("Your password (electronic signature)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )
    otp = forms.CharField(
        label=gettext_lazy("One-time code (only if you use an authenticator app)"),
        required=False,
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"].queryset = sel.client_users(engagement=engagement)  # type: ignore[attr-defined]
        # Radio buttons, not one control: Bootstrap styles each one itself.
        self.fields["verdict"].widget.attrs["class"] = "form-check-input"


class ObligationForm(BootstrapMixin, forms.Form):
    prefix = "obligation"

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ObligationKind.choices)
    description = forms.CharField(label=gettext_lazy("Description"), widget=TEXTAREA)
    due_date = forms.DateField(
        label=gettext_lazy("Due date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class MeetForm(BootstrapMixin, forms.Form):
    outcome = forms.CharField(
        label=gettext_lazy("Outcome"), required=False, max_length=2000, widget=TEXTAREA
    )


class WaiveForm(BootstrapMixin, forms.Form):
    # Optional here so that the service, which owns the rule, states the refusal.
    reason = forms.CharField(
        label=gettext_lazy("Reason for the waiver"), required=False, widget=TEXTAREA
    )
