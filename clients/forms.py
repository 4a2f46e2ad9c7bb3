"""Forms of the clients app: input only; every write goes through a service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clients.choices import (
    CommunicationChannel,
    CommunicationDirection,
    ComplaintChannel,
    ComplaintNature,
    ComplaintSeverity,
    ConsentPurpose,
)
from clients.models import Client, SurveyQuestion
from core.forms import BootstrapMixin
from engagements.models import Engagement
from engagements.models.closing import AcceptanceVerdict

TEXTAREA = forms.Textarea(attrs={"rows": 4})
ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


FILES_HELP = _("PDF, PNG, JPEG, Word or Excel; up to 5 files.")


class ComplaintSubmitForm(BootstrapMixin, forms.Form):
    engagement = forms.ModelChoiceField(
        label=_("Engagement (optional)"), queryset=Engagement.objects.none(), required=False
    )
    nature = forms.ChoiceField(label=_("What is it about?"), choices=ComplaintNature.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("What happened?"), widget=TEXTAREA)
    files = MultipleFileField(label=_("Attachments"), help_text=FILES_HELP)  # type: ignore[assignment]

    def __init__(self, *args: Any, engagements: QuerySet[Engagement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = engagements  # type: ignore[attr-defined]


class ComplaintLogForm(BootstrapMixin, forms.Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none())
    engagement = forms.ModelChoiceField(
        label=_("Engagement (optional)"), queryset=Engagement.objects.none(), required=False
    )
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[c for c in ComplaintChannel.choices if c[0] != ComplaintChannel.PORTAL],
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    contact_name = forms.CharField(label=_("Who complained"), max_length=100)
    nature = forms.ChoiceField(label=_("Nature"), choices=ComplaintNature.choices)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=ComplaintSeverity.choices, initial=ComplaintSeverity.GENERAL
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=TEXTAREA)
    files = MultipleFileField(label=_("Attachments"), help_text=FILES_HELP)  # type: ignore[assignment]

    def __init__(
        self,
        *args: Any,
        clients: QuerySet[Client],
        engagements: QuerySet[Engagement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]
        self.fields["engagement"].queryset = engagements  # type: ignore[attr-defined]


class ClassifyForm(BootstrapMixin, forms.Form):
    prefix = "classify"
    nature = forms.ChoiceField(label=_("Nature"), choices=ComplaintNature.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=ComplaintSeverity.choices)


class BodyForm(BootstrapMixin, forms.Form):
    body = forms.CharField(label=_("Message"), widget=TEXTAREA)


class AnalyseForm(BootstrapMixin, forms.Form):
    prefix = "analyse"
    analysis = forms.CharField(label=_("Initial analysis of causes (internal)"), widget=TEXTAREA)
    process_problem = forms.BooleanField(
        label=_("A process problem was found (rectify within a week)"), required=False
    )


class RectifiedForm(BootstrapMixin, forms.Form):
    prefix = "rectified"
    note = forms.CharField(label=_("What was changed in the process"), widget=TEXTAREA)


class ReplyForm(BootstrapMixin, forms.Form):
    prefix = "reply"
    body = forms.CharField(label=_("Message"), widget=TEXTAREA)
    internal = forms.BooleanField(
        label=_("Internal note (not shown to the client)"), required=False
    )
    files = MultipleFileField(label=_("Attachments"), help_text=FILES_HELP)  # type: ignore[assignment]


class ClientReplyForm(BootstrapMixin, forms.Form):
    prefix = "reply"
    body = forms.CharField(label=_("Message"), widget=TEXTAREA)
    files = MultipleFileField(label=_("Attachments"), help_text=FILES_HELP)  # type: ignore[assignment]


class ConfirmForm(BootstrapMixin, forms.Form):
    prefix = "confirm"
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(BootstrapMixin, forms.Form):
    prefix = "reopen"
    reason = forms.CharField(
        label=_("Why is it not resolved?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PortalVerdictForm(BootstrapMixin, forms.Form):
    """The client user's own acceptance verdict (ENG-11), signed with their password."""

    verdict = forms.ChoiceField(
        label=_("Your verdict"), choices=AcceptanceVerdict.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons (required on fail)"), required=False, widget=TEXTAREA
    )
    password = forms.CharField(
        label=_("Your password (electronic signature)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["verdict"].widget.attrs["class"] = "form-check-input"


SCORES = [
    (5, _("5 · Very satisfied")),
    (4, _("4 · Satisfied")),
    (3, _("3 · Neutral")),
    (2, _("2 · Dissatisfied")),
    (1, _("1 · Very dissatisfied")),
]


class SurveyAnswerForm(forms.Form):
    """One radio group per Likert question, and the reasons in words."""

    comment = forms.CharField(
        label=_("Reasons for your scores and suggestions (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args: Any, questions: list[SurveyQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.display_text,
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
        self.order_fields([f"q{q.pk}" for q in questions] + ["comment"])

    def scores(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}


class ConsentForm(BootstrapMixin, forms.Form):
    prefix = "consent"
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    sensitive_data = forms.BooleanField(label=_("Includes sensitive personal data"), required=False)
    sharing = forms.BooleanField(label=_("Sharing with third parties"), required=False)
    cross_border = forms.BooleanField(label=_("Cross-border transfer"), required=False)


class CommunicationForm(BootstrapMixin, forms.Form):
    """A communication with a client (CRM-7)."""

    client = forms.ModelChoiceField(
        label=_("Client"), queryset=Client.objects.none(), required=False
    )
    engagement = forms.ModelChoiceField(
        label=_("Engagement (optional)"), queryset=Engagement.objects.none(), required=False
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=CommunicationChannel.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=CommunicationDirection.choices)
    occurred_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    contact_name = forms.CharField(label=_("Client contact"), max_length=100, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    summary = forms.CharField(label=_("What was communicated"), widget=TEXTAREA)

    def __init__(
        self,
        *args: Any,
        clients: QuerySet[Client],
        engagements: QuerySet[Engagement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]
        self.fields["engagement"].queryset = engagements  # type: ignore[attr-defined]
