"""Consent records (CRM-1, SEC-24). Withdrawing the survey consent cancels the person's open
surveys in the same transaction, so no further survey or reminder reaches them."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.choices import ConsentChannel, ConsentPurpose, SurveyStatus
from clients.models import Consent, Survey
from clients.permissions import consents_visible_to, is_relations_staff, one
from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from staff.models import User

NOTICE_VERSION = "2026-01"


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={field: [message]})


def has_consent(person: User, purpose: str) -> bool:
    return Consent.objects.filter(
        person=person, purpose=purpose, withdrawn_at__isnull=True
    ).exists()


@transaction.atomic
def consent_grant(
    *,
    actor: User,
    person: User,
    purpose: str,
    channel: str,
    notice_version: str = NOTICE_VERSION,
    sensitive_data: bool = False,
    sharing: bool = False,
    cross_border: bool = False,
) -> Consent:
    """A person's own consent (in the portal), or one recorded by relations staff from a
    paper form, e-mail or phone call."""
    if actor.pk != person.pk and not is_relations_staff(actor):
        raise ForbiddenError(_("Only the person or client relations staff record a consent."))
    if purpose not in ConsentPurpose.values:
        raise _invalid("purpose", _("Choose a purpose."))
    if channel not in ConsentChannel.values:
        raise _invalid("channel", _("Choose how the consent was given."))
    if not notice_version.strip():
        raise _invalid("notice_version", _("Name the version of the privacy notice."))
    try:
        with transaction.atomic():
            return Consent.objects.create(
                person=person,
                purpose=purpose,
                channel=channel,
                notice_version=notice_version.strip()[:20],
                sensitive_data=sensitive_data,
                sharing=sharing,
                cross_border=cross_border,
                granted_at=timezone.now(),
                recorded_by=actor,
            )
    except IntegrityError as exc:
        raise ConflictError(_("This consent is already given.")) from exc


@transaction.atomic
def consent_withdraw(*, actor: User, consent_id: int) -> Consent:
    """Withdraw at once (SEC-24): surveys stop for the person in the same transaction."""
    consent = one(consents_visible_to(actor), consent_id, lock=True)
    if consent.withdrawn_at is not None:
        raise ConflictError(_("This consent was already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    if consent.purpose == ConsentPurpose.SURVEYS:
        for survey in Survey.objects.select_for_update().filter(
            recipient_id=consent.person_id, status__in=[SurveyStatus.PENDING, SurveyStatus.SENT]
        ):
            survey.status = SurveyStatus.CANCELLED
            survey.token_nonce = ""
            survey.save(update_fields=["status", "token_nonce", "updated_at"])
    return consent
