"""Who sees which client organisation, complaint and survey: staff by role, a client user only
their own organisation's (SEC-2). Lookups answer 404 for foreign and missing alike."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from clients.models import (
    Client,
    ClientContact,
    Complaint,
    ComplaintAttachment,
    Consent,
    Revisit,
    SupportRequest,
    Survey,
)
from core.exceptions import ForbiddenError, NotFoundError
from core.filters import MAX_ID
from core.navigation import ROLES_FOR
from staff.choices import Role
from staff.models import User

# Staff who handle complaints and see client relations: the roles of the Clients menu.
RELATIONS_ROLES = ROLES_FOR["clients"]


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_relations_staff(user: User) -> bool:
    return _active(user) and not user.is_client_user and user.has_role(*RELATIONS_ROLES)


def visible_to(user: User) -> QuerySet[Client]:
    qs = Client.objects.all()
    if not _active(user):
        return qs.none()
    if user.is_client_user:
        return qs.filter(pk=user.client.pk) if user.client else qs.none()
    if user.has_perm("clients.view_client"):
        return qs
    return qs.none()


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    qs = Complaint.objects.all()
    if not _active(user):
        return qs.none()
    if user.is_client_user:
        return qs.filter(client_id=user.client_id or 0)
    if is_relations_staff(user):
        return qs
    return qs.none()


def attachments_visible_to(user: User) -> QuerySet[ComplaintAttachment]:
    return ComplaintAttachment.objects.filter(complaint__in=complaints_visible_to(user))


def surveys_visible_to(user: User) -> QuerySet[Survey]:
    """A client user sees the surveys addressed to them; relations staff see all."""
    qs = Survey.objects.all()
    if not _active(user):
        return qs.none()
    if user.is_client_user:
        return qs.filter(recipient_id=user.pk, client_id=user.client_id or 0)
    if is_relations_staff(user):
        return qs
    return qs.none()


def consents_visible_to(user: User) -> QuerySet[Consent]:
    qs = Consent.objects.all()
    if not _active(user):
        return qs.none()
    if user.is_client_user:
        return qs.filter(person_id=user.pk)
    if is_relations_staff(user):
        return qs
    return qs.none()


def support_visible_to(user: User) -> QuerySet[SupportRequest]:
    """CRM-5: a client user sees their organisation's requests; relations staff see all."""
    qs = SupportRequest.objects.all()
    if not _active(user):
        return qs.none()
    if user.is_client_user:
        return qs.filter(client_id=user.client_id or 0)
    if is_relations_staff(user):
        return qs
    return qs.none()


def revisits_visible_to(user: User) -> QuerySet[Revisit]:
    """CRM-6: internal records. Relations staff see all; other staff the revisits of the
    engagements they see; client users none."""
    qs = Revisit.objects.all()
    if not _active(user) or user.is_client_user:
        return qs.none()
    if is_relations_staff(user):
        return qs
    from engagements.permissions import visible_to as engagements_visible_to

    return qs.filter(engagement__in=engagements_visible_to(user))


def contacts_visible_to(user: User) -> QuerySet[ClientContact]:
    """CRM-1: contact details only for relations staff (masked in lists); a client user sees
    their own profile."""
    qs = ClientContact.objects.all()
    if not _active(user):
        return qs.none()
    if user.is_client_user:
        return qs.filter(user_id=user.pk)
    if is_relations_staff(user):
        return qs
    return qs.none()


# SEC-25: exporting, correcting and erasing a person's data is for administrators and legal.
PRIVACY_ROLES = (Role.ADMIN, Role.LEGAL_REVIEWER)


def can_handle_personal_data(user: User) -> bool:
    return _active(user) and not user.is_client_user and user.has_role(*PRIVACY_ROLES)


def require_privacy_officer(actor: User) -> None:
    if not can_handle_personal_data(actor):
        raise ForbiddenError(_("Only administrators and legal reviewers handle personal data."))


def one[M: Model](qs: QuerySet[M], pk: int, *, lock: bool = False) -> M:
    if lock:
        qs = qs.select_for_update(of=("self",))
    # An id the database cannot hold is simply not there (SQLite would overflow on it).
    found = qs.filter(pk=pk).first() if 0 < int(pk) <= MAX_ID else None
    if found is None:
        raise NotFoundError(_("Not found."))
    return found


def require_relations_staff(actor: User) -> None:
    if not is_relations_staff(actor):
        raise ForbiddenError(_("Only the firm's client relations staff can do this."))


def require_client_user(actor: User) -> None:
    if not (_active(actor) and actor.is_client_user):
        raise ForbiddenError(_("Only a user of the client organisation can do this."))
