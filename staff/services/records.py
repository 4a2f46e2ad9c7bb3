"""Writes for staff records and certificates (STF-1), the assignment check the engagement
team service calls, and the certificate expiry sweep."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, ConflictError, NotFoundError
from core.notifications.services import Event, notify_many
from staff.choices import Role
from staff.models import (
    Certificate,
    QualificationType,
    ServiceRequirement,
    StaffProfile,
    User,
    staff_settings,
)
from staff.permissions import access_person, require_keeper
from staff.services.uploads import check_upload


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={field: [message]})


@transaction.atomic
def profile_save(
    *,
    actor: User,
    user_id: int,
    position: str = "",
    department: str = "",
    manager_id: int | None = None,
    joined_on: date | None = None,
    education: str = "",
    experience: str = "",
) -> StaffProfile:
    """Create or update a person's record; the history keeps every earlier version."""
    require_keeper(actor)
    person = access_person(actor, user_id)
    if manager_id is not None:
        if manager_id == person.pk:
            raise _invalid("manager", _("A person cannot be their own line manager."))
        if not User.objects.filter(pk=manager_id, is_active=True, client__isnull=True).exists():
            raise _invalid("manager", _("Choose an active member of staff."))
    profile = StaffProfile.objects.select_for_update().filter(user=person).first()
    if profile is None:
        profile = StaffProfile(user=person)
    profile.position = position.strip()
    profile.department = department.strip()
    profile.manager_id = manager_id
    profile.joined_on = joined_on
    profile.education = education.strip()
    profile.experience = experience.strip()
    profile.save()
    return profile


@transaction.atomic
def certificate_add(
    *,
    actor: User,
    user_id: int,
    qualification_id: int,
    issued_on: date,
    expires_on: date | None = None,
    number: str = "",
    issued_by: str = "",
    attachment: UploadedFile | None = None,
) -> Certificate:
    require_keeper(actor)
    person = access_person(actor, user_id)
    qualification = QualificationType.objects.filter(pk=qualification_id).first()
    if qualification is None:
        raise _invalid("qualification", _("Choose a valid qualification."))
    if expires_on is not None and expires_on < issued_on:
        raise _invalid("expires_on", _("The expiry date cannot be before the issue date."))
    certificate = Certificate(
        user=person,
        qualification=qualification,
        number=number.strip(),
        issued_by=issued_by.strip(),
        issued_on=issued_on,
        expires_on=expires_on,
    )
    if attachment is not None:
        certificate.attachment_name = check_upload(attachment)
        certificate.attachment.save(attachment.name or "certificate", attachment, save=False)
    certificate.save()
    return certificate


def certificate_for(actor: User, certificate_id: int) -> Certificate:
    certificate = (
        Certificate.objects.select_related("user", "qualification")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None:
        raise NotFoundError(_("Certificate not found."))
    access_person(actor, certificate.user_id)
    return certificate


@transaction.atomic
def certificate_renew(
    *, actor: User, certificate_id: int, issued_on: date, expires_on: date | None
) -> Certificate:
    """A renewed certificate keeps its row; the history shows the old dates. A new expiry
    date opens a new alert window."""
    require_keeper(actor)
    certificate = certificate_for(actor, certificate_id)
    if expires_on is not None and expires_on < issued_on:
        raise _invalid("expires_on", _("The expiry date cannot be before the issue date."))
    certificate.issued_on = issued_on
    certificate.expires_on = expires_on
    certificate.save(update_fields=["issued_on", "expires_on", "updated_at"])
    return certificate


# --- the assignment check (called by engagements.services.plan.team_member_add) -------------


def missing_qualifications(*, user: User, service_type: str, on: date | None = None) -> list[str]:
    """Names of the qualifications the service type requires that ``user`` does not hold
    unexpired on ``on``. Two queries."""
    on = on or timezone.localdate()
    required = ServiceRequirement.objects.filter(service_type=service_type).select_related(
        "qualification"
    )
    if not required:
        return []
    valid = set(
        Certificate.objects.filter(user=user, issued_on__lte=on)
        .exclude(expires_on__lt=on)
        .values_list("qualification_id", flat=True)
    )
    return [str(r.qualification) for r in required if r.qualification_id not in valid]


def check_assignable(*, user: User, service_type: str) -> None:
    """Refuse to put someone on a new engagement when a qualification its service type
    requires has expired or is missing (STF-1)."""
    missing = missing_qualifications(user=user, service_type=service_type)
    if missing:
        message = _(
            "%(person)s cannot be assigned: the required qualification %(qualifications)s "
            "is expired or missing. Renew the certificate in the staff records first."
        ) % {"person": user, "qualifications": "、".join(missing)}
        raise ConflictError(message, extra={"user": [message]})


# --- expiry alerts -----------------------------------------------------------------------------


def certificates_alert_sweep(*, today: date | None = None) -> int:
    """One sweep: every certificate expiring within the alert window notifies its holder
    and the QA managers once per certificate and expiry date (a renewal opens a new window).
    Returns the notifications attempted."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=staff_settings().certificate_alert_days)
    expiring = list(
        Certificate.objects.filter(
            expires_on__gte=today, expires_on__lte=horizon, user__is_active=True
        ).select_related("user", "qualification")
    )
    if not expiring:
        return 0
    qa_managers = tuple(
        User.objects.filter(groups__name=Role.QA_MANAGER, is_active=True, client__isnull=True)
    )
    events = []
    for certificate in expiring:
        assert certificate.expires_on is not None  # noqa: S101 - filtered above
        qualification = certificate.qualification
        events.append(
            Event(
                kind="certificate_expiring",
                event_key=f"certificate-expiry:{certificate.pk}:{certificate.expires_on}",
                recipients=(certificate.user, *qa_managers),
                params={
                    "certificate": {
                        "zh-hans": qualification.name,
                        "en": qualification.name_en or qualification.name,
                    },
                    "person": str(certificate.user),
                    "date": certificate.expires_on.isoformat(),
                },
                link=reverse("staff:person", args=[certificate.user_id]),
            )
        )
    return notify_many(events)
