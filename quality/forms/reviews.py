"""Forms of the review record sheet (QC-2) and the signature dialog (X-2): shape only; the
services decide and their refusals are shown as messages on the version's review page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from core.forms import BootstrapMixin
from quality.choices import DefectSource, FindingSeverity

TEXTAREA = forms.Textarea(attrs={"rows": 2})


class FindingForm(BootstrapMixin, forms.Form):
    location = forms.CharField(label=gettext_lazy("Location"), max_length=200)
    severity = forms.ChoiceField(label=gettext_lazy("Severity"), choices=FindingSeverity.choices)
    description = forms.CharField(label=gettext_lazy("Issue"), widget=TEXTAREA, max_length=5000)


class AnswerForm(BootstrapMixin, forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Your answer or revision"), widget=TEXTAREA, max_length=5000
    )


class RecheckForm(BootstrapMixin, forms.Form):
    accepted = forms.TypedChoiceField(
        label=gettext_lazy("Re-check"),
        choices=[("true", gettext_lazy("Accept answer")), ("false", gettext_lazy("Reopen"))],
        coerce=lambda v: v == "true",
    )
    note = forms.CharField(
        label=gettext_lazy("Re-check note"), required=False, widget=TEXTAREA, max_length=5000
    )


class SignForm(BootstrapMixin, forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password (electronic signature)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp = forms.CharField(
        label=gettext_lazy("One-time code from your authenticator app"),
        required=False,
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def __init__(self, *args: Any, second_factor: bool = True, **kwargs: Any) -> None:
        """``second_factor=False`` hides the code field from signers with no authenticator
        (SEC-8); the service decides whether a code is needed either way."""
        super().__init__(*args, **kwargs)
        if not second_factor:
            del self.fields["otp"]


class RejectForm(SignForm):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=TEXTAREA, max_length=5000)


class DefectForm(BootstrapMixin, forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("Found by"), choices=DefectSource.choices)
    location = forms.CharField(label=gettext_lazy("Location"), required=False, max_length=200)
    description = forms.CharField(label=gettext_lazy("Defect"), widget=TEXTAREA, max_length=5000)
