"""The endpoint form: shape only; the service checks the URL (SSRF) and the events."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin
from core.webhooks.events import EVENT_CHOICES


class EndpointForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_("The receiver's https:// address. Private and loopback addresses are refused."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


def endpoint_form(*args: Any, **kwargs: Any) -> EndpointForm:
    form = EndpointForm(*args, **kwargs)
    form.fields["events"].widget.attrs["class"] = "form-check-input"
    return form
