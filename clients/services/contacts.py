"""Client contacts (CRM-1, SEC-26): relations staff keep the people at a client; a client user
keeps their own contact profile (phone, position) in the portal. Phone and e-mail are
encrypted at rest by the model field; every change is in the contact's history."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from clients.models import ClientContact
from clients.permissions import one, require_client_user, require_relations_staff, visible_to
from core.exceptions import ApplicationError
from staff.models import User

PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,19}$")


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={field: [message]})


def clean_phone(value: str) -> str:
    value = (value or "").strip()
    if value and not PHONE.match(value):
        raise _invalid("phone", _("Enter a phone number of digits (a leading + is allowed)."))
    return value


def clean_email(value: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise _invalid("email", _("Enter a valid e-mail address.")) from None
    return value


@transaction.atomic
def contact_save(
    *,
    actor: User,
    client_id: int,
    name: str,
    position: str = "",
    phone: str = "",
    email: str = "",
    contact_id: int | None = None,
) -> ClientContact:
    """Add a contact to a client, or correct one (relations staff)."""
    require_relations_staff(actor)
    client = visible_to(actor).filter(pk=client_id).first()
    if client is None:
        raise _invalid("client", _("Choose a client."))
    name = (name or "").strip()
    if not name:
        raise _invalid("name", _("Give the contact's name."))
    if contact_id is not None:
        contact = one(ClientContact.objects.filter(client=client), contact_id, lock=True)
        if contact.erased_at is not None:
            raise _invalid("name", _("This person's data was erased."))
    else:
        contact = ClientContact(client=client)
    contact.name = name[:100]
    contact.position = position.strip()[:100]
    contact.phone = clean_phone(phone)
    contact.email = clean_email(email)
    contact.save()
    return contact


def profile_for(user: User) -> ClientContact:
    """A client user's contact profile (unsaved and empty until they fill it in)."""
    found = ClientContact.objects.filter(user=user).first()
    if found is not None:
        return found
    return ClientContact(user=user, client=user.client, name=str(user), email=user.email)


@transaction.atomic
def profile_update(*, actor: User, position: str, phone: str) -> ClientContact:
    """A client user corrects their own phone and position in the portal (SEC-25)."""
    require_client_user(actor)
    contact = profile_for(actor)
    contact.position = position.strip()[:100]
    contact.phone = clean_phone(phone)
    contact.name = str(actor)[:100]
    contact.email = actor.email
    contact.save()
    return contact
