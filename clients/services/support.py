"""Support requests and enquiries (CRM-5). A support request starts two SLA clocks (first
feedback 24 h, initial handling 72 h, calendar time); an enquiry one (answered within one
working hour on the firm's business calendar). The first staff reply the client can read is
the first feedback (and the enquiry's answer); resolving is the handling. A client's message
on a resolved request opens it again. Staff hear of new requests and the client's moves."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients.choices import SUPPORT_TRANSITIONS, SupportChannel, SupportKind, SupportStatus
from clients.models import Client, SupportReply, SupportRequest
from clients.permissions import (
    one,
    require_client_user,
    require_relations_staff,
    support_visible_to,
    visible_to,
)
from clients.services.complaints import _scoped_engagement
from clients.services.notices import support_notify
from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.sla.services import open_clock, sla_clock_meet, sla_clock_start
from engagements.models import Engagement
from staff.models import User

FIRST_FEEDBACK = "support_first_feedback"
INITIAL_HANDLING = "support_initial_handling"
ENQUIRY_ANSWER = "enquiry_answer"


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={field: [message]})


def _required(field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise _invalid(field, message)
    return value


def _move(request: SupportRequest, to: str) -> None:
    if to not in SUPPORT_TRANSITIONS.get(request.status, ()):
        raise ConflictError(
            _("A request that is “%(status)s” cannot do this.")
            % {"status": request.get_status_display()}
        )
    request.status = to


def policies_for(kind: str) -> tuple[str, ...]:
    return (ENQUIRY_ANSWER,) if kind == SupportKind.ENQUIRY else (FIRST_FEEDBACK, INITIAL_HANDLING)


def _owner(request: SupportRequest) -> User | None:
    if request.handler_id:
        return request.handler
    if request.engagement is not None and request.engagement.project_manager_id:
        return request.engagement.project_manager
    return None


def _meet(policy: str, request: SupportRequest, at: datetime) -> None:
    clock = open_clock(policy=policy, target=request)
    if clock is not None:
        sla_clock_meet(clock=clock, at=at)


def _locked(actor: User, request_id: int) -> SupportRequest:
    return one(
        support_visible_to(actor).select_related("engagement", "client"), request_id, lock=True
    )


def _create(
    *,
    client: Client,
    engagement: Engagement | None,
    kind: str,
    channel: str,
    subject: str,
    description: str,
    received_at: datetime,
    raised_by: User | None,
    logged_by: User | None,
    contact_name: str,
) -> SupportRequest:
    if kind not in SupportKind.values:
        raise _invalid("kind", _("Choose a support request or an enquiry."))
    request = SupportRequest.objects.create(
        client=client,
        engagement=engagement,
        reference=f"FW{timezone.localtime(received_at):%Y%m%d}-{uuid.uuid4().hex[:6].upper()}",
        kind=kind,
        channel=channel,
        subject=_required("subject", subject, _("Give the request a subject."))[:200],
        description=_required("description", description, _("Describe what you need.")),
        received_at=received_at,
        raised_by=raised_by,
        logged_by=logged_by,
        contact_name=contact_name.strip()[:100],
    )
    owner = _owner(request)
    for policy in policies_for(kind):
        sla_clock_start(policy=policy, target=request, owner=owner, started_at=received_at)
    support_notify(request, change=None, key="received")
    return request


@transaction.atomic
def support_request_raise(
    *,
    actor: User,
    kind: str,
    subject: str,
    description: str,
    engagement_id: int | None = None,
) -> SupportRequest:
    """A client user's request or enquiry from the portal (channel: online)."""
    require_client_user(actor)
    client = actor.client
    if client is None:
        raise ForbiddenError(_("Only a user of the client organisation can do this."))
    return _create(
        client=client,
        engagement=_scoped_engagement(actor, client, engagement_id),
        kind=kind,
        channel=SupportChannel.ONLINE,
        subject=subject,
        description=description,
        received_at=timezone.now(),
        raised_by=actor,
        logged_by=None,
        contact_name=str(actor),
    )


@transaction.atomic
def support_request_log(
    *,
    actor: User,
    client_id: int,
    kind: str,
    channel: str,
    subject: str,
    description: str,
    contact_name: str,
    received_at: datetime | None = None,
    engagement_id: int | None = None,
) -> SupportRequest:
    """Staff log a request received on the hotline or by e-mail on the client's behalf; the
    clocks run from when it was received."""
    require_relations_staff(actor)
    client = visible_to(actor).filter(pk=client_id).first()
    if client is None:
        raise _invalid("client", _("Choose a client."))
    if channel not in (SupportChannel.HOTLINE, SupportChannel.EMAIL):
        raise _invalid("channel", _("Staff log requests received on the hotline or by e-mail."))
    received_at = received_at or timezone.now()
    if received_at > timezone.now():
        raise _invalid("received_at", _("The time cannot be in the future."))
    return _create(
        client=client,
        engagement=_scoped_engagement(actor, client, engagement_id),
        kind=kind,
        channel=channel,
        subject=subject,
        description=description,
        received_at=received_at,
        raised_by=None,
        logged_by=actor,
        contact_name=_required("contact_name", contact_name, _("Say who asked.")),
    )


@transaction.atomic
def support_reply(
    *, actor: User, request_id: int, body: str, internal: bool = False
) -> SupportReply:
    """A message on a request. Staff's first visible reply is the first feedback (or the
    enquiry's answer) and meets its clock; a client's message on a resolved
    request opens it again."""
    request = _locked(actor, request_id)
    body = _required("body", body, _("Write a message."))
    now = timezone.now()
    if actor.is_client_user:
        reply = SupportReply.objects.create(
            request=request, author=actor, body=body, from_client=True
        )
        if request.status == SupportStatus.RESOLVED:
            _move(request, SupportStatus.OPEN)
            request.resolved_at = None
            request.save(update_fields=["status", "resolved_at", "updated_at"])
            # Reopened: the handling (or the enquiry's answer) is owed again.
            policy = ENQUIRY_ANSWER if request.is_enquiry else INITIAL_HANDLING
            if open_clock(policy=policy, target=request) is None:
                sla_clock_start(
                    policy=policy, target=request, owner=_owner(request), started_at=now
                )
        else:
            request.save(update_fields=["updated_at"])
        support_notify(
            request, change=gettext_lazy("the client wrote a message"), key=f"reply:{reply.pk}"
        )
        return reply
    require_relations_staff(actor)
    if request.status == SupportStatus.RESOLVED:
        raise ConflictError(_("The request is resolved."))
    reply = SupportReply.objects.create(request=request, author=actor, body=body, internal=internal)
    fields = ["updated_at"]
    if not internal:
        if request.first_feedback_at is None:
            request.first_feedback_at = now
            fields.append("first_feedback_at")
            _meet(ENQUIRY_ANSWER if request.is_enquiry else FIRST_FEEDBACK, request, now)
        if request.status == SupportStatus.OPEN:
            _move(request, SupportStatus.ANSWERED)
            fields.append("status")
    if request.handler_id is None:
        request.handler = actor
        fields.append("handler")
    request.save(update_fields=fields)
    return reply


@transaction.atomic
def support_request_resolve(*, actor: User, request_id: int, resolution: str) -> SupportRequest:
    """The request is handled: the resolution is shown to the client; every clock still
    running is met (a resolution is also the first feedback if none was given)."""
    require_relations_staff(actor)
    request = _locked(actor, request_id)
    resolution = _required("resolution", resolution, _("Say how the request was resolved."))
    now = timezone.now()
    _move(request, SupportStatus.RESOLVED)
    request.resolution = resolution
    request.resolved_at = now
    if request.first_feedback_at is None:
        request.first_feedback_at = now
    if request.handler_id is None:
        request.handler = actor
    request.save(
        update_fields=[
            "status",
            "resolution",
            "resolved_at",
            "first_feedback_at",
            "handler",
            "updated_at",
        ]
    )
    SupportReply.objects.create(request=request, author=actor, body=resolution)
    for policy in policies_for(request.kind):
        _meet(policy, request, now)
    return request
