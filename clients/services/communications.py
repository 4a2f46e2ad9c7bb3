"""Communication records (CRM-7). Client relations staff log any client's communication; an
engagement's team logs communications about that engagement."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.choices import CommunicationChannel, CommunicationDirection
from clients.models import CommunicationRecord
from clients.permissions import is_relations_staff, visible_to
from core.exceptions import ApplicationError, ForbiddenError
from engagements.permissions import can_work_on
from engagements.permissions import visible_to as engagements_visible_to
from staff.models import User


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={field: [message]})


@transaction.atomic
def communication_log(
    *,
    actor: User,
    channel: str,
    direction: str,
    subject: str,
    summary: str,
    client_id: int | None = None,
    engagement_id: int | None = None,
    occurred_at: datetime | None = None,
    contact_name: str = "",
) -> CommunicationRecord:
    if actor.is_client_user or not actor.is_active:
        raise ForbiddenError(_("Communications are logged by the firm's staff."))
    engagement = None
    if engagement_id is not None:
        # SEC-3: only an engagement the actor sees.
        engagement = engagements_visible_to(actor).filter(pk=engagement_id).first()
        if engagement is None:
            raise _invalid("engagement", _("Choose one of your engagements."))
        if not (is_relations_staff(actor) or can_work_on(actor, engagement)):
            raise ForbiddenError(_("Only members of the engagement team may do this."))
        client_id = engagement.client_id
    elif not is_relations_staff(actor):
        raise _invalid("engagement", _("Choose one of your engagements."))
    client = visible_to(actor).filter(pk=client_id).first() if client_id else None
    if client is None and engagement is None:
        raise _invalid("client", _("Choose a client."))
    if channel not in CommunicationChannel.values:
        raise _invalid("channel", _("Choose a channel."))
    if direction not in CommunicationDirection.values:
        raise _invalid("direction", _("Choose a direction."))
    subject = subject.strip()
    if not subject:
        raise _invalid("subject", _("Give the communication a subject."))
    summary = summary.strip()
    if not summary:
        raise _invalid("summary", _("Summarise what was communicated."))
    occurred_at = occurred_at or timezone.now()
    if occurred_at > timezone.now():
        raise _invalid("occurred_at", _("The time cannot be in the future."))
    return CommunicationRecord.objects.create(
        client_id=engagement.client_id if engagement else client.pk,  # type: ignore[union-attr]
        engagement=engagement,
        channel=channel,
        direction=direction,
        subject=subject[:200],
        summary=summary,
        occurred_at=occurred_at,
        contact_name=contact_name.strip()[:100],
        recorded_by=actor,
    )
