"""A person's rights over their data (CRM-1, SEC-25): export (JSON, and a readable page),
correction (old and new values kept in the request log and the contact's history) and
erasure by pseudonymisation. Erasure replaces the name, e-mail and phone everywhere they are
personal data, deactivates the account and keeps what the quality record needs: complaints,
surveys' scores, consents (as facts of what was agreed, then withdrawn) and signatures. A
review signature keeps its printed name: it is the signed record the law requires to be
kept, and changing it would break the signature chain (X-2). Only administrators and legal
reviewers do these; each is logged."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.choices import PrivacyAction
from clients.models import (
    ClientContact,
    CommunicationRecord,
    Complaint,
    ComplaintReply,
    Consent,
    PersonalDataRequest,
    Revisit,
    SupportReply,
    SupportRequest,
    Survey,
)
from clients.permissions import require_privacy_officer
from clients.services.contacts import clean_email, clean_phone
from core.exceptions import ApplicationError, ConflictError, NotFoundError
from staff.models import User

ERASED = "[erased]"


def is_erased(person: User) -> bool:
    return not person.is_active and person.username == f"erased-{person.pk}"


def _person(person_id: int) -> User:
    person = User.objects.select_related("client").filter(pk=person_id).first()
    if person is None:
        raise NotFoundError(_("Not found."))
    return person


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        message = _("Say who asked for this and why.")
        raise ApplicationError(message, extra={"reason": [message]})
    return reason[:300]


def _log(actor: User, person: User, action: str, reason: str, fields: Any = None) -> None:
    PersonalDataRequest.objects.create(
        person=person, actor=actor, action=action, reason=reason, fields=fields or []
    )


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def person_data(person: User) -> dict[str, Any]:
    """Everything the system holds about the person, in plain values (no ids of others)."""
    contacts = list(ClientContact.objects.filter(Q(user=person)).select_related("client"))
    complaints = list(
        Complaint.objects.filter(submitted_by=person).select_related("client").order_by("id")
    )
    own_replies = ComplaintReply.objects.filter(author=person).select_related("complaint")
    support = list(SupportRequest.objects.filter(raised_by=person).order_by("id"))
    support_replies = SupportReply.objects.filter(author=person).select_related("request")
    surveys = Survey.objects.filter(recipient=person).select_related("engagement").order_by("id")
    return {
        "account": {
            "username": person.username,
            "display_name": person.display_name,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "language": person.language,
            "organisation": person.client.name if person.client else None,
            "active": person.is_active,
            "date_joined": _iso(person.date_joined),
            "last_login": _iso(person.last_login),
        },
        "contact_profiles": [
            {
                "client": c.client.name,
                "name": c.name,
                "position": c.position,
                "phone": c.phone,
                "email": c.email,
            }
            for c in contacts
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "notice_version": c.notice_version,
                "channel": c.channel,
                "sensitive_data": c.sensitive_data,
                "sharing": c.sharing,
                "cross_border": c.cross_border,
                "granted_at": _iso(c.granted_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in Consent.objects.filter(person=person).order_by("granted_at", "id")
        ],
        "complaints": [
            {
                "reference": c.reference,
                "subject": c.subject,
                "description": c.description,
                "status": c.status,
                "received_at": _iso(c.received_at),
            }
            for c in complaints
        ],
        "complaint_messages": [
            {"complaint": r.complaint.reference, "body": r.body, "at": _iso(r.created_at)}
            for r in own_replies.filter(internal=False).order_by("id")
        ],
        "support_requests": [
            {
                "reference": r.reference,
                "kind": r.kind,
                "subject": r.subject,
                "description": r.description,
                "status": r.status,
                "received_at": _iso(r.received_at),
            }
            for r in support
        ],
        "support_messages": [
            {"request": r.request.reference, "body": r.body, "at": _iso(r.created_at)}
            for r in support_replies.filter(internal=False).order_by("id")
        ],
        "surveys": [
            {
                "engagement": s.engagement.code,
                "occasion": s.occasion,
                "period": s.period,
                "status": s.status,
                "answered_at": _iso(s.answered_at),
                "mean_score": str(s.mean_score) if s.mean_score is not None else None,
                "comment": s.comment,
            }
            for s in surveys
        ],
        "requests_about_this_person": [
            {"action": r.action, "at": _iso(r.at), "reason": r.reason}
            for r in PersonalDataRequest.objects.filter(person=person).order_by("at", "id")
        ],
    }


@transaction.atomic
def person_export(*, actor: User, person_id: int, reason: str) -> dict[str, Any]:
    require_privacy_officer(actor)
    person = _person(person_id)
    reason = _reason(reason)
    data = person_data(person)
    _log(actor, person, PrivacyAction.EXPORT, reason)
    data["exported_at"] = timezone.now().isoformat()
    return data


ACCOUNT_FIELDS = ("display_name", "first_name", "last_name", "email")
CONTACT_FIELDS = ("position", "phone")


@transaction.atomic
def person_correct(*, actor: User, person_id: int, reason: str, changes: dict[str, str]) -> User:
    """Correct the person's name, e-mail, phone or position. The request log keeps each
    field's old and new value; the contact profile's history keeps its versions."""
    require_privacy_officer(actor)
    reason = _reason(reason)
    person = User.objects.select_for_update().filter(pk=person_id).first()
    if person is None:
        raise NotFoundError(_("Not found."))
    if is_erased(person):
        raise ConflictError(_("This person's data was erased."))
    unknown = set(changes) - set(ACCOUNT_FIELDS) - set(CONTACT_FIELDS)
    if unknown:
        raise ApplicationError(_("These fields cannot be corrected here: %s") % ", ".join(unknown))
    if "email" in changes:
        changes["email"] = clean_email(changes["email"])
    if "phone" in changes:
        changes["phone"] = clean_phone(changes["phone"])
    diff: list[dict[str, str]] = []
    for field in ACCOUNT_FIELDS:
        if field in changes and getattr(person, field) != changes[field].strip():
            diff.append({"field": field, "old": getattr(person, field), "new": changes[field]})
            setattr(person, field, changes[field].strip()[:150])
    if diff:
        person.save(update_fields=[d["field"] for d in diff])
    contact = ClientContact.objects.filter(user=person).first()
    contact_changes = {f: changes[f].strip() for f in CONTACT_FIELDS if f in changes}
    if person.client_id and (contact is not None or contact_changes):
        contact = contact or ClientContact(user=person, client_id=person.client_id)
        for field, value in contact_changes.items():
            if getattr(contact, field) != value:
                diff.append({"field": field, "old": getattr(contact, field), "new": value})
                setattr(contact, field, value[:100] if field == "position" else value)
        contact.name = str(person)[:100]
        contact.email = person.email
        contact.save()
    if not diff:
        raise ApplicationError(_("Nothing to correct: the values are the same."))
    _log(actor, person, PrivacyAction.CORRECT, reason, diff)
    return person


def _names(person: User, contact: ClientContact | None) -> set[str]:
    names = {str(person), person.get_full_name(), person.display_name, person.username}
    if contact is not None:
        names.add(contact.name)
    return {n for n in names if n and n.strip()}


@transaction.atomic
def person_erase(*, actor: User, person_id: int, reason: str) -> User:
    """Pseudonymise the person: ``erased-<id>`` replaces their name wherever it is personal
    data; e-mail, phone and position are removed (old contact history included); the
    account is deactivated, its password unusable and its API tokens deleted."""
    require_privacy_officer(actor)
    reason = _reason(reason)
    person = User.objects.select_for_update().filter(pk=person_id).first()
    if person is None:
        raise NotFoundError(_("Not found."))
    if person.pk == actor.pk:
        raise ConflictError(_("You cannot erase your own data."))
    if is_erased(person):
        raise ConflictError(_("This person's data was already erased."))
    pseudonym = f"erased-{person.pk}"
    old_username = person.username
    contact = ClientContact.objects.filter(user=person).first()
    names = _names(person, contact)
    # Texts that name the person as the client contact (by the name they held).
    by_name = Q(contact_name__in=names)
    if person.client_id:
        by_name &= Q(client_id=person.client_id)
    Complaint.objects.filter(Q(submitted_by=person) | by_name).update(contact_name=pseudonym)
    Complaint.history.filter(Q(submitted_by=person) | by_name).update(contact_name=pseudonym)
    SupportRequest.objects.filter(Q(raised_by=person) | by_name).update(contact_name=pseudonym)
    SupportRequest.history.filter(Q(raised_by=person) | by_name).update(contact_name=pseudonym)
    CommunicationRecord.objects.filter(by_name).update(contact_name=pseudonym)
    CommunicationRecord.history.filter(by_name).update(contact_name=pseudonym)
    Revisit.objects.filter(by_name).update(contact_name=pseudonym)
    Revisit.history.filter(by_name).update(contact_name=pseudonym)
    if contact is not None:
        # The old versions hold the phone and e-mail: only the erased version remains.
        ClientContact.history.filter(id=contact.pk).delete()
        contact.name = pseudonym
        contact.position = ""
        contact.phone = ""
        contact.email = ""
        contact.erased_at = timezone.now()
        contact.save()
    for earlier in PersonalDataRequest.objects.filter(person=person, action=PrivacyAction.CORRECT):
        earlier.fields = [
            {"field": d.get("field"), "old": ERASED, "new": ERASED} for d in earlier.fields
        ]
        earlier.save(update_fields=["fields"])
    person.username = pseudonym
    person.display_name = pseudonym
    person.first_name = ""
    person.last_name = ""
    person.email = ""
    person.is_active = False
    person.set_unusable_password()
    person.save()
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from rest_framework.authtoken.models import Token

    from documents.services.documents import download_logs_forget_ip

    Token.objects.filter(user=person).delete()
    # Sign-in records carry the old username and IP addresses; download rows their IP.
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=old_username).delete()
    download_logs_forget_ip(user=person)
    _log(actor, person, PrivacyAction.ERASE, reason, ["name", "email", "phone", "position"])
    return person
