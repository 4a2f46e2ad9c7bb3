from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin
from core.reports.choices import ReportKind


class ReportRequestForm(BootstrapMixin, forms.Form):
    """The "Reports" page's request form; the service checks the subject and the period."""

    kind = forms.ChoiceField(label=_("Report"), choices=())
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Until (exclusive)"),
        required=False,
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    object_id = forms.IntegerField(
        label=_("Object number"), required=False, min_value=1, max_value=2**62
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ReportKind.choices)
        self.fields["kind"].choices = [(k, labels[k]) for k in kinds]  # type: ignore[attr-defined]

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        params: dict[str, Any] = {}
        for key in ("start", "end"):
            if data.get(key):
                params[key] = data[key].isoformat()
        for key in ("year", "object_id"):
            if data.get(key) is not None:
                params[key] = data[key]
        return params
