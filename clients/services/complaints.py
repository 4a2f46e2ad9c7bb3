"""Complaint services (CRM-3). A complaint starts three SLA clocks (first response 24 h,
initial analysis 24 h, feedback to the client 48 h; the targets are the admin-edited SLA
policies); a process problem found in the analysis starts the rectification clock (1 week).
The client confirms closure or reopens, which restarts the feedback clock. A serious
complaint sends ``clients.signals.complaint_serious`` once, after commit."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clients.choices import (
    COMPLAINT_TRANSITIONS,
    ComplaintChannel,
    ComplaintNature,
    ComplaintSeverity,
    ComplaintStatus,
    ReplyKind,
)
from clients.models import (
    Client,
    Complaint,
    ComplaintAttachment,
    ComplaintReply,
    relations_settings,
)
from clients.permissions import (
    complaints_visible_to,
    one,
    require_client_user,
    require_relations_staff,
    visible_to,
)
from clients.services.notices import complaint_notify
from clients.services.uploads import check_upload, clean_filename
from clients.signals import complaint_created, complaint_serious, complaint_status_changed
from clients.tasks import complaint_intake as intake_task
from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.inserts import insert_with_history
from core.sla.services import (
    has_clocks,
    open_clock,
    sla_clock_meet,
    sla_clock_start,
    sla_clocks_start_new,
)
from core.tasking import publish_on_commit
from engagements.models import Engagement
from engagements.permissions import visible_to as engagements_visible_to
from staff.models import User

FIRST_RESPONSE = "complaint_first_response"
INITIAL_ANALYSIS = "complaint_initial_analysis"
FEEDBACK = "complaint_feedback"
RECTIFICATION = "complaint_process_rectification"
INTAKE_POLICIES = (FIRST_RESPONSE, INITIAL_ANALYSIS, FEEDBACK)
MAX_ATTACHMENTS = 5


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={field: [message]})


def _required(field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise _invalid(field, message)
    return value


def _choice(field: str, value: str, choices: type, message: str) -> str:
    if value not in choices.values:  # type: ignore[attr-defined]
        raise _invalid(field, message)
    return value


def _move(complaint: Complaint, to: str) -> None:
    if to not in COMPLAINT_TRANSITIONS.get(complaint.status, ()):
        raise ConflictError(
            _("A complaint that is “%(status)s” cannot do this.")
            % {"status": complaint.get_status_display()}
        )
    from_status = complaint.status
    complaint.status = to
    complaint_status_changed.send(sender=Complaint, complaint=complaint, from_status=from_status)


def _locked(actor: User, complaint_id: int) -> Complaint:
    complaint = one(
        complaints_visible_to(actor).select_related("engagement", "client"), complaint_id, lock=True
    )
    if complaint.intake_pending:  # someone acts before the intake task ran: it runs now
        _intake(complaint, new=False)
    return complaint


def _owner(complaint: Complaint) -> User | None:
    if complaint.handler_id:
        return complaint.handler
    if complaint.engagement is not None and complaint.engagement.project_manager_id:
        return complaint.engagement.project_manager
    return None


def _meet(policy: str, complaint: Complaint, at: datetime) -> None:
    clock = open_clock(policy=policy, target=complaint)
    if clock is not None:
        sla_clock_meet(clock=clock, at=at)


def _start(policy: str, complaint: Complaint, at: datetime) -> None:
    if open_clock(policy=policy, target=complaint) is None:
        sla_clock_start(policy=policy, target=complaint, owner=_owner(complaint), started_at=at)


def _announce_serious(complaint: Complaint) -> None:
    transaction.on_commit(lambda: complaint_serious.send(sender=Complaint, complaint=complaint))


def _reference(at: datetime) -> str:
    return f"TS{timezone.localtime(at):%Y%m%d}-{uuid.uuid4().hex[:8].upper()}"


def _scoped_engagement(actor: User, client: Client, engagement_id: int | None) -> Engagement | None:
    """SEC-3: the engagement named in the request must be one the actor sees, of the client."""
    if engagement_id is None:
        return None
    engagement = (
        engagements_visible_to(actor)
        .filter(pk=engagement_id, client_id=client.pk)
        .select_related("project_manager")
        .first()
    )
    if engagement is None:
        raise _invalid("engagement", _("Choose one of the client's engagements."))
    return engagement


def _reference_clash(exc: IntegrityError) -> bool:
    constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    return constraint == "clients_complaint_reference_key" or (
        "clients_complaint.reference" in str(exc)  # SQLite names the column instead
    )


def _one_transaction(create: Callable[[], Complaint]) -> Complaint:
    """Run ``create`` in one transaction with no savepoint inside (P3). The reference's random
    part can collide (found by the P12 soak: one 500 in 25k POSTs); a collision reruns the
    whole transaction with a new draw instead of failing the request. The complaint's insert
    is its first write, so nothing else (no file, no clock) is redone."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                return create()
        except IntegrityError as exc:
            if attempt == 2 or not _reference_clash(exc):
                raise
    raise AssertionError("unreachable")


def _create(
    *,
    client: Client,
    engagement: Engagement | None,
    channel: str,
    nature: str,
    severity: str,
    subject: str,
    description: str,
    received_at: datetime,
    submitted_by: User | None,
    logged_by: User | None,
    contact_name: str,
    defer_intake: bool,
) -> Complaint:
    complaint = Complaint(
        client=client,
        engagement=engagement,
        reference=_reference(received_at),
        channel=channel,
        nature=_choice("nature", nature, ComplaintNature, _("Choose the nature of the complaint.")),
        severity=_choice("severity", severity, ComplaintSeverity, _("Choose a severity.")),
        subject=_required("subject", subject, _("Give the complaint a subject."))[:200],
        description=_required("description", description, _("Describe what went wrong.")),
        received_at=received_at,
        submitted_by=submitted_by,
        logged_by=logged_by,
        contact_name=contact_name.strip()[:100],
    )
    complaint.intake_pending = defer_intake
    # The row and its history record in two statements compiled once (P3: as save() writes
    # them, without compiling the INSERTs on every POST).
    insert_with_history(complaint, user=submitted_by or logged_by)
    if defer_intake:
        publish_on_commit(intake_task, complaint.pk)
    else:
        _intake(complaint, new=True)
    return complaint


def _intake(complaint: Complaint, *, new: bool) -> None:
    """What a new complaint sets going, exactly once: the webhook event, its three SLA clocks
    running from when it was received (CRM-3), the serious announcement and the desk's
    notification. Runs in the creating transaction (``new``) or, for a deferred intake, with
    the complaint's row locked; the clocks are written in the same transaction, so a
    complaint that has them has had its intake."""
    # An earlier run may have done it, its flag update seen by this one only now.
    if new or not has_clocks(target=complaint, policies=INTAKE_POLICIES):
        complaint_created.send(sender=Complaint, complaint=complaint)
        # A new complaint has no clock yet: its three start together (one insert).
        sla_clocks_start_new(
            policies=list(INTAKE_POLICIES),
            target=complaint,
            owner=_owner(complaint),
            started_at=complaint.received_at,
        )
        if complaint.is_serious:
            _announce_serious(complaint)
        complaint_notify(complaint, change=None, key="received")
    if complaint.intake_pending:
        Complaint.objects.filter(pk=complaint.pk).update(intake_pending=False)
        complaint.intake_pending = False


@transaction.atomic
def complaint_intake(*, complaint_id: int) -> bool:
    """The deferred intake of a portal complaint (the task published on its commit, or the
    sweep). Safe to run twice: False when there was nothing left to do."""
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("engagement", "client")
        .filter(pk=complaint_id, intake_pending=True)
        .first()
    )
    if complaint is None:
        return False
    _intake(complaint, new=False)
    return True


def complaint_intake_sweep(*, limit: int = 500) -> int:
    """SEC-29: the intakes whose publish was lost (broker down) or whose worker died; the
    partial index keeps this one small query however many complaints exist."""
    pending = Complaint.objects.filter(intake_pending=True).order_by("pk")
    return sum(
        complaint_intake(complaint_id=pk) for pk in pending.values_list("pk", flat=True)[:limit]
    )


def _attach(actor: User, complaint: Complaint, files: Sequence[UploadedFile]) -> None:
    if not files:
        return
    if complaint.attachments.count() + len(files) > MAX_ATTACHMENTS:
        raise _invalid("file", _("At most %(n)s files per complaint.") % {"n": MAX_ATTACHMENTS})
    max_bytes = relations_settings().attachment_max_mb * 1024 * 1024
    kinds = [check_upload(upload, max_bytes=max_bytes) for upload in files]
    for upload, kind in zip(files, kinds, strict=True):
        ComplaintAttachment.objects.create(
            complaint=complaint,
            file=upload,
            original_name=clean_filename(upload.name or "file"),
            content_type=kind.content_type,
            size=upload.size or 0,
            uploaded_by=actor,
        )


def complaint_submit(
    *,
    actor: User,
    nature: str,
    subject: str,
    description: str,
    engagement_id: int | None = None,
    files: Sequence[UploadedFile] = (),
) -> Complaint:
    """A client user's complaint from the portal, with optional attachments."""
    require_client_user(actor)
    client = actor.client
    if client is None:  # require_client_user guarantees one; keeps the type checker honest
        raise ForbiddenError(_("Only a user of the client organisation can do this."))

    def create() -> Complaint:
        complaint = _create(
            client=client,
            engagement=_scoped_engagement(actor, client, engagement_id),
            channel=ComplaintChannel.PORTAL,
            nature=nature,
            severity=ComplaintSeverity.GENERAL,
            subject=subject,
            description=description,
            received_at=timezone.now(),
            submitted_by=actor,
            logged_by=None,
            contact_name=str(actor),
            defer_intake=True,  # P3: the portal's POST under load
        )
        _attach(actor, complaint, files)
        return complaint

    return _one_transaction(create)


def complaint_log(
    *,
    actor: User,
    client_id: int,
    channel: str,
    nature: str,
    severity: str,
    subject: str,
    description: str,
    contact_name: str,
    received_at: datetime | None = None,
    engagement_id: int | None = None,
    files: Sequence[UploadedFile] = (),
) -> Complaint:
    """A complaint received by phone, e-mail or visit, logged by staff; the clocks run from
    when it was received."""
    require_relations_staff(actor)
    client = visible_to(actor).filter(pk=client_id).first()
    if client is None:
        raise _invalid("client", _("Choose a client."))
    if channel not in (ComplaintChannel.PHONE, ComplaintChannel.EMAIL, ComplaintChannel.VISIT):
        raise _invalid("channel", _("Staff log complaints received by phone, e-mail or visit."))
    received_at = received_at or timezone.now()
    if received_at > timezone.now():
        raise _invalid("received_at", _("The time cannot be in the future."))

    def create() -> Complaint:
        complaint = _create(
            client=client,
            engagement=_scoped_engagement(actor, client, engagement_id),
            channel=channel,
            nature=nature,
            severity=severity,
            subject=subject,
            description=description,
            received_at=received_at,
            submitted_by=None,
            logged_by=actor,
            contact_name=_required("contact_name", contact_name, _("Say who complained.")),
            defer_intake=False,  # the staff member sees the clocks at once
        )
        _attach(actor, complaint, files)
        return complaint

    return _one_transaction(create)


@transaction.atomic
def complaint_classify(
    *, actor: User, complaint_id: int, nature: str, severity: str, handler_id: int | None = None
) -> Complaint:
    require_relations_staff(actor)
    complaint = _locked(actor, complaint_id)
    was_serious = complaint.is_serious
    complaint.nature = _choice(
        "nature", nature, ComplaintNature, _("Choose the nature of the complaint.")
    )
    complaint.severity = _choice("severity", severity, ComplaintSeverity, _("Choose a severity."))
    fields = ["nature", "severity", "updated_at"]
    if handler_id is not None:
        handler = User.objects.filter(pk=handler_id, is_active=True, client__isnull=True).first()
        if handler is None:
            raise _invalid("handler", _("Choose a member of staff."))
        complaint.handler = handler
        fields.append("handler")
    complaint.save(update_fields=fields)
    if complaint.is_serious and not was_serious:
        _announce_serious(complaint)
        complaint_notify(complaint, change=gettext_lazy("reclassified as serious"), key="serious")
    if handler_id is not None:
        complaint_notify(
            complaint,
            change=gettext_lazy("a handler was assigned"),
            key=f"handler:{handler_id}:{timezone.now().timestamp()}",
        )
    return complaint


def _staff_reply(complaint: Complaint, actor: User, kind: str, body: str, internal: bool) -> None:
    ComplaintReply.objects.create(
        complaint=complaint, author=actor, kind=kind, body=body, internal=internal
    )


def _require_not_closed(complaint: Complaint) -> None:
    if complaint.status == ComplaintStatus.CLOSED:
        raise ConflictError(_("The complaint is closed."))


@transaction.atomic
def complaint_respond(*, actor: User, complaint_id: int, body: str) -> Complaint:
    """The first response to the client (CRM-3: within 24 h)."""
    require_relations_staff(actor)
    complaint = _locked(actor, complaint_id)
    if complaint.responded_at is not None:
        raise ConflictError(_("The complaint already has its first response."))
    body = _required("body", body, _("Write the response to the client."))
    now = timezone.now()
    _move(complaint, ComplaintStatus.IN_PROGRESS)
    complaint.responded_at = now
    complaint.save(update_fields=["status", "responded_at", "updated_at"])
    _staff_reply(complaint, actor, ReplyKind.RESPONSE, body, internal=False)
    _meet(FIRST_RESPONSE, complaint, now)
    return complaint


@transaction.atomic
def complaint_analyse(
    *, actor: User, complaint_id: int, analysis: str, process_problem: bool
) -> Complaint:
    """The internal initial analysis (within 24 h). A process problem starts the one-week
    rectification clock."""
    require_relations_staff(actor)
    complaint = _locked(actor, complaint_id)
    _require_not_closed(complaint)
    if complaint.analysed_at is not None:
        raise ConflictError(_("The initial analysis is already recorded."))
    analysis = _required("analysis", analysis, _("Write the analysis of causes."))
    now = timezone.now()
    complaint.analysed_at = now
    complaint.process_problem = process_problem
    complaint.save(update_fields=["analysed_at", "process_problem", "updated_at"])
    _staff_reply(complaint, actor, ReplyKind.ANALYSIS, analysis, internal=True)
    _meet(INITIAL_ANALYSIS, complaint, now)
    if process_problem:
        _start(RECTIFICATION, complaint, now)
    return complaint


@transaction.atomic
def complaint_feedback(*, actor: User, complaint_id: int, body: str) -> Complaint:
    """The handling result given to the client (within 48 h), who then confirms or reopens.
    Feedback given before a separate first response also counts as that response."""
    require_relations_staff(actor)
    complaint = _locked(actor, complaint_id)
    body = _required("body", body, _("Write the feedback to the client."))
    now = timezone.now()
    if complaint.status == ComplaintStatus.SUBMITTED:
        _move(complaint, ComplaintStatus.IN_PROGRESS)
        complaint.responded_at = now
        _meet(FIRST_RESPONSE, complaint, now)
    _move(complaint, ComplaintStatus.AWAITING_CLIENT)
    complaint.feedback_at = now
    complaint.save(update_fields=["status", "responded_at", "feedback_at", "updated_at"])
    _staff_reply(complaint, actor, ReplyKind.FEEDBACK, body, internal=False)
    _meet(FEEDBACK, complaint, now)
    return complaint


@transaction.atomic
def complaint_rectified(*, actor: User, complaint_id: int, note: str) -> Complaint:
    """The process problem is rectified (within a week of the analysis)."""
    require_relations_staff(actor)
    complaint = _locked(actor, complaint_id)
    if not complaint.process_problem:
        raise ConflictError(_("The analysis found no process problem to rectify."))
    if complaint.rectified_at is not None:
        raise ConflictError(_("The rectification is already recorded."))
    note = _required("note", note, _("Say what was changed in the process."))
    now = timezone.now()
    complaint.rectified_at = now
    complaint.save(update_fields=["rectified_at", "updated_at"])
    _staff_reply(complaint, actor, ReplyKind.RECTIFICATION, note, internal=True)
    _meet(RECTIFICATION, complaint, now)
    return complaint


@transaction.atomic
def complaint_reply(
    *,
    actor: User,
    complaint_id: int,
    body: str,
    internal: bool = False,
    files: Sequence[UploadedFile] = (),
) -> ComplaintReply:
    """A message on an open complaint, from the client or from staff (staff may keep it
    internal); attachments may come with it."""
    complaint = _locked(actor, complaint_id)
    _require_not_closed(complaint)
    body = _required("body", body, _("Write a message."))
    if actor.is_client_user:
        internal = False
    else:
        require_relations_staff(actor)
    reply = ComplaintReply.objects.create(
        complaint=complaint,
        author=actor,
        kind=ReplyKind.MESSAGE,
        body=body,
        internal=internal,
        from_client=actor.is_client_user,
    )
    _attach(actor, complaint, files)
    complaint.save(update_fields=["updated_at"])
    if reply.from_client:
        complaint_notify(
            complaint, change=gettext_lazy("the client wrote a message"), key=f"reply:{reply.pk}"
        )
    return reply


@transaction.atomic
def complaint_attach(*, actor: User, complaint_id: int, files: Sequence[UploadedFile]) -> Complaint:
    complaint = _locked(actor, complaint_id)
    _require_not_closed(complaint)
    if not actor.is_client_user:
        require_relations_staff(actor)
    if not files:
        raise _invalid("file", _("Choose a file."))
    _attach(actor, complaint, files)
    return complaint


def _client_step(actor: User, complaint_id: int) -> Complaint:
    require_client_user(actor)
    complaint = _locked(actor, complaint_id)
    if complaint.client_id != actor.client_id:
        raise ForbiddenError(_("Only the client who complained can do this."))
    return complaint


@transaction.atomic
def complaint_confirm(*, actor: User, complaint_id: int, comment: str = "") -> Complaint:
    """The client is satisfied with the handling: the complaint closes."""
    complaint = _client_step(actor, complaint_id)
    _move(complaint, ComplaintStatus.CLOSED)
    complaint.closed_at = timezone.now()
    complaint.save(update_fields=["status", "closed_at", "updated_at"])
    reply = ComplaintReply.objects.create(
        complaint=complaint,
        author=actor,
        kind=ReplyKind.CONFIRMATION,
        body=comment.strip() or _("The client confirmed the complaint is resolved."),
        from_client=True,
    )
    complaint_notify(
        complaint, change=gettext_lazy("the client confirmed closure"), key=f"reply:{reply.pk}"
    )
    return complaint


@transaction.atomic
def complaint_reopen(*, actor: User, complaint_id: int, reason: str) -> Complaint:
    """The client is not satisfied: back to work, and a new 48 h feedback clock."""
    complaint = _client_step(actor, complaint_id)
    reason = _required("reason", reason, _("Say why the complaint is not resolved."))
    _move(complaint, ComplaintStatus.IN_PROGRESS)
    complaint.closed_at = None
    complaint.feedback_at = None
    complaint.reopen_count += 1
    complaint.save(
        update_fields=["status", "closed_at", "feedback_at", "reopen_count", "updated_at"]
    )
    reply = ComplaintReply.objects.create(
        complaint=complaint, author=actor, kind=ReplyKind.REOPEN, body=reason, from_client=True
    )
    _start(FEEDBACK, complaint, timezone.now())
    complaint_notify(
        complaint, change=gettext_lazy("the client reopened it"), key=f"reply:{reply.pk}"
    )
    return complaint
