"""Forms of support requests (CRM-5), revisits (CRM-6), contacts (CRM-1) and personal-data
requests (SEC-25): input only; every write goes through a service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clients.choices import RevisitMethod, SupportChannel, SupportKind
from clients.models import Client
from core.forms import BootstrapMixin
from engagements.models import Engagement
from staff.models import User

TEXTAREA = forms.Textarea(attrs={"rows": 4})
SMALL = forms.Textarea(attrs={"rows": 2})
WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _Scoped(BootstrapMixin, forms.Form):
    def __init__(
        self,
        *args: Any,
        clients: QuerySet[Client] | None = None,
        engagements: QuerySet[Engagement] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if clients is not None and "client" in self.fields:
            self.fields["client"].queryset = clients  # type: ignore[attr-defined]
        if engagements is not None and "engagement" in self.fields:
            self.fields["engagement"].queryset = engagements  # type: ignore[attr-defined]


class SupportRaiseForm(_Scoped):
    """The portal's form: a question (enquiry) or a request for help."""

    kind = forms.ChoiceField(
        label=_("What do you need?"),
        choices=SupportKind.choices,
        initial=SupportKind.SUPPORT,
        widget=forms.RadioSelect,
    )
    engagement = forms.ModelChoiceField(
        label=_("Engagement (optional)"), queryset=Engagement.objects.none(), required=False
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Details"), widget=TEXTAREA)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-check-input"


class SupportLogForm(_Scoped):
    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none())
    engagement = forms.ModelChoiceField(
        label=_("Engagement (optional)"), queryset=Engagement.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=SupportKind.choices)
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[c for c in SupportChannel.choices if c[0] != SupportChannel.ONLINE],
    )
    received_at = forms.DateTimeField(label=_("Received at"), widget=WHEN)
    contact_name = forms.CharField(label=_("Who asked"), max_length=100)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Details"), widget=TEXTAREA)


class SupportReplyForm(BootstrapMixin, forms.Form):
    prefix = "reply"
    body = forms.CharField(label=_("Message"), widget=TEXTAREA)
    internal = forms.BooleanField(
        label=_("Internal note (not shown to the client)"), required=False
    )


class SupportClientReplyForm(BootstrapMixin, forms.Form):
    prefix = "reply"
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class SupportResolveForm(BootstrapMixin, forms.Form):
    prefix = "resolve"
    resolution = forms.CharField(label=_("How it was resolved (shown to the client)"), widget=SMALL)


class RevisitPlanForm(_Scoped):
    client = forms.ModelChoiceField(
        label=_("Client"), queryset=Client.objects.none(), required=False
    )
    engagement = forms.ModelChoiceField(
        label=_("Engagement (optional)"), queryset=Engagement.objects.none(), required=False
    )
    method = forms.ChoiceField(label=_("Method"), choices=RevisitMethod.choices)
    planned_date = forms.DateField(
        label=_("Planned for"), widget=forms.DateInput(attrs={"type": "date"})
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    contact_name = forms.CharField(label=_("Client contact"), max_length=100, required=False)


class RevisitLogForm(BootstrapMixin, forms.Form):
    prefix = "log"
    done_at = forms.DateTimeField(label=_("When it took place"), widget=WHEN)
    outcome = forms.CharField(label=_("Outcome"), widget=SMALL)
    opportunities = forms.CharField(label=_("New opportunities"), widget=SMALL, required=False)
    value_added_services = forms.CharField(
        label=_("Value-added services offered"), widget=SMALL, required=False
    )
    meet_obligation = forms.BooleanField(
        label=_("This meets the engagement's follow-up revisit"), required=False, initial=True
    )


class RevisitCancelForm(BootstrapMixin, forms.Form):
    prefix = "cancel"
    reason = forms.CharField(label=_("Reason for cancelling"), widget=SMALL)


class ContactForm(_Scoped):
    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none())
    name = forms.CharField(label=_("Name"), max_length=100)
    position = forms.CharField(label=_("Position"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class ProfileForm(BootstrapMixin, forms.Form):
    prefix = "profile"
    position = forms.CharField(label=_("Position"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class PrivacyReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Who asked for this, and why"), max_length=300)


class PrivacyCorrectForm(BootstrapMixin, forms.Form):
    prefix = "correct"
    reason = forms.CharField(label=_("Who asked for this, and why"), max_length=300)
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    position = forms.CharField(label=_("Position"), max_length=100, required=False)

    def __init__(self, *args: Any, person: User, contact: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "display_name": person.display_name,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": person.email,
                "phone": getattr(contact, "phone", ""),
                "position": getattr(contact, "position", ""),
            },
        )
        super().__init__(*args, **kwargs)


class PrivacyEraseForm(BootstrapMixin, forms.Form):
    prefix = "erase"
    reason = forms.CharField(label=_("Who asked for this, and why"), max_length=300)
    confirm = forms.BooleanField(
        label=_("I understand: the name, e-mail and phone are replaced and the account closed.")
    )
