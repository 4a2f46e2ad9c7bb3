"""Forms of the documents app: input only; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from documents.choices import Confidentiality, DeliverableType, MaterialForm, MaterialStatus
from engagements.choices import Stage


class DocumentCreateForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=200)
    deliverable_type = forms.ChoiceField(label=_("Document type"), choices=DeliverableType.choices)
    project_stage = forms.ChoiceField(
        label=_("Project stage"), choices=[("", "—"), *Stage.choices], required=False
    )
    client_requirement = forms.CharField(
        label=_("Client requirement"), max_length=200, required=False
    )
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"), choices=Confidentiality.choices, initial="internal"
    )
    is_deliverable = forms.BooleanField(label=_("Deliverable"), required=False)
    file = forms.FileField(label=_("File"))
    change_note = forms.CharField(label=_("Change note"), max_length=500, required=False)


class VersionUploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    change_note = forms.CharField(label=_("Change note"), max_length=500)


class ReleaseForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MaterialReceiptForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    form = forms.ChoiceField(label=_("Form"), choices=MaterialForm.choices)
    quantity = forms.CharField(label=_("Quantity"), max_length=100, required=False)
    received_from = forms.CharField(label=_("Received from"), max_length=150)


class DisposeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (MaterialStatus.RETURNED, MaterialStatus.RETURNED.label),
            (MaterialStatus.DESTROYED, MaterialStatus.DESTROYED.label),
        ],
    )
    method = forms.CharField(label=_("How"), max_length=300)
    counterparty = forms.CharField(label=_("Handed to / witnessed by"), max_length=150)
    keep_copy = forms.BooleanField(label=_("Keep a copy (client's consent)"), required=False)


class ConsentForm(forms.Form):
    reference = forms.CharField(label=_("Written consent (reference)"), max_length=300)
    given_by = forms.CharField(label=_("Given by"), max_length=150)
