"""Writes for communication: the kickoff meeting (ENG-7), project meetings with minutes,
decisions, action items and their distribution to the participants (COM-1), and progress
reports to the client at the agreed cadence (COM-2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from core.exceptions import ApplicationError, ConflictError
from engagements.models import (
    ActionItem,
    Engagement,
    Meeting,
    MeetingAttendance,
    MeetingDistribution,
    ProgressReport,
    ReportingCadence,
)
from engagements.models.meetings import KICKOFF_AGENDA_ITEMS, MeetingKind
from engagements.permissions import require_manager
from engagements.selectors.plan import (
    action_item_for,
    engagement_for,
    meeting_for,
    meeting_recipients,
    progress_report_for,
    team_user_ids,
)
from staff.models import User


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={field: [message]})


def kickoff_agenda_template() -> str:
    """The six headings a kickoff agenda covers (ENG-7), numbered, in the user's language."""
    return "\n".join(f"{i}. {item}" for i, item in enumerate(KICKOFF_AGENDA_ITEMS, start=1))


def _participants(engagement: Engagement, user_ids: Sequence[int]) -> list[User]:
    """Participants come from the engagement team or the client's own users."""
    wanted = set(user_ids)
    if not wanted:
        return []
    allowed = User.objects.filter(
        Q(pk__in=team_user_ids(engagement=engagement)) | Q(client_id=engagement.client_id),
        pk__in=wanted,
        is_active=True,
    )
    found = list(allowed)
    if len(found) != len(wanted):
        raise _invalid(
            "participants",
            gettext("Participants must be on the engagement team or users of the client."),
        )
    return found


# --- meetings (ENG-7, COM-1) -----------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    engagement_id: int,
    kind: str,
    title: str,
    held_at: datetime,
    agenda: str = "",
    materials: str = "",
    participant_ids: Sequence[int] = (),
) -> Meeting:
    engagement = engagement_for(actor, engagement_id, lock=True)
    require_manager(actor, engagement)
    if kind not in MeetingKind.values:
        raise _invalid("kind", gettext("Choose a valid kind of meeting."))
    title = title.strip()
    if not title:
        raise _invalid("title", gettext("Give the meeting a title."))
    agenda = agenda.strip()
    if kind == MeetingKind.KICKOFF:
        if Meeting.objects.filter(engagement=engagement, kind=MeetingKind.KICKOFF).exists():
            raise ConflictError(gettext("This engagement already has a kickoff meeting."))
        agenda = agenda or kickoff_agenda_template()
    people = _participants(engagement, participant_ids)
    meeting = Meeting.objects.create(
        engagement=engagement,
        kind=kind,
        title=title,
        held_at=held_at,
        agenda=agenda,
        materials=materials.strip(),
        created_by=actor,
    )
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, user=person) for person in people
    )
    return meeting


@transaction.atomic
def meeting_record_minutes(
    *,
    actor: User,
    meeting_id: int,
    minutes: str,
    decisions: str = "",
    attended_ids: Sequence[int] | None = None,
) -> Meeting:
    """Minutes and decisions, and who of the invited attended. Distributed minutes are what
    the participants received, so they no longer change."""
    meeting = meeting_for(actor, meeting_id, lock=True)
    require_manager(actor, meeting.engagement)
    if meeting.distributed_at is not None:
        raise ConflictError(gettext("The minutes were already distributed."))
    if meeting.held_at > timezone.now():
        raise _invalid("minutes", gettext("Minutes can be recorded once the meeting was held."))
    minutes = minutes.strip()
    if not minutes:
        raise _invalid("minutes", gettext("Write the minutes."))
    if attended_ids is not None:
        invited = set(meeting.attendance.values_list("user_id", flat=True))
        present = set(attended_ids)
        if not present <= invited:
            raise _invalid("attended", gettext("Only invited participants can be marked present."))
        meeting.attendance.filter(user_id__in=present).update(attended=True)
        meeting.attendance.exclude(user_id__in=present).update(attended=False)
    meeting.minutes = minutes
    meeting.decisions = decisions.strip()
    meeting.save(update_fields=["minutes", "decisions", "updated_at"])
    return meeting


@transaction.atomic
def action_item_add(
    *, actor: User, meeting_id: int, description: str, owner_id: int, due_date: date
) -> ActionItem:
    meeting = meeting_for(actor, meeting_id, lock=True)
    require_manager(actor, meeting.engagement)
    description = description.strip()
    if not description:
        raise _invalid("description", gettext("Describe the action."))
    invited = set(meeting.attendance.values_list("user_id", flat=True))
    if owner_id not in invited | team_user_ids(engagement=meeting.engagement):
        raise _invalid(
            "owner", gettext("The owner must be a participant or on the engagement team.")
        )
    if due_date < timezone.localdate(meeting.held_at):
        raise _invalid("due_date", gettext("The due date cannot be before the meeting."))
    return ActionItem.objects.create(
        meeting=meeting, description=description, owner_id=owner_id, due_date=due_date
    )


@transaction.atomic
def action_item_done(*, actor: User, item_id: int) -> ActionItem:
    item = action_item_for(actor, item_id, lock=True)
    if item.owner_id != actor.pk:
        require_manager(actor, item.meeting.engagement)
    if item.done_at is not None:
        raise ConflictError(gettext("This action item is already done."))
    item.done_at = timezone.now()
    item.save(update_fields=["done_at", "updated_at"])
    return item


@transaction.atomic
def meeting_distribute(*, actor: User, meeting_id: int) -> Meeting:
    """Send the minutes to every participant and action-item owner (COM-1): one
    distribution row per recipient, and the meeting records when."""
    meeting = meeting_for(actor, meeting_id, lock=True)
    require_manager(actor, meeting.engagement)
    if meeting.distributed_at is not None:
        raise ConflictError(gettext("The minutes were already distributed."))
    if not meeting.minutes:
        raise ApplicationError(gettext("Record the minutes before distributing them."))
    recipients = list(meeting_recipients(meeting=meeting))
    if not recipients:
        raise ApplicationError(gettext("The meeting has no participants to send the minutes to."))
    now = timezone.now()
    MeetingDistribution.objects.bulk_create(
        MeetingDistribution(
            meeting=meeting, recipient=person, distributed_by=actor, distributed_at=now
        )
        for person in recipients
    )
    meeting.distributed_at = now
    meeting.save(update_fields=["distributed_at", "updated_at"])
    return meeting


# --- progress reports (COM-2) ----------------------------------------------------------------


@transaction.atomic
def reporting_cadence_set(*, actor: User, engagement_id: int, every_days: int) -> ReportingCadence:
    """Record the reporting cadence agreed with the client."""
    engagement = engagement_for(actor, engagement_id, lock=True)
    require_manager(actor, engagement)
    if not 1 <= every_days <= 366:
        raise _invalid("every_days", gettext("Enter a number of days from 1 to 366."))
    cadence = ReportingCadence.objects.filter(engagement=engagement).first()
    if cadence is None:
        cadence = ReportingCadence(engagement=engagement)
    cadence.every_days = every_days
    cadence.save()
    return cadence


@transaction.atomic
def progress_report_create(
    *,
    actor: User,
    engagement_id: int,
    period_start: date,
    period_end: date,
    summary: str,
) -> ProgressReport:
    engagement = engagement_for(actor, engagement_id, lock=True)
    require_manager(actor, engagement)
    if period_end < period_start:
        raise _invalid("period_end", gettext("The period cannot end before it starts."))
    summary = summary.strip()
    if not summary:
        raise _invalid("summary", gettext("Write a summary of the progress."))
    return ProgressReport.objects.create(
        engagement=engagement,
        period_start=period_start,
        period_end=period_end,
        summary=summary,
        author=actor,
    )


@transaction.atomic
def progress_report_send(*, actor: User, report_id: int) -> ProgressReport:
    report = progress_report_for(actor, report_id, lock=True)
    require_manager(actor, report.engagement)
    if report.sent_at is not None:
        raise ConflictError(gettext("This report was already sent."))
    report.sent_at = timezone.now()
    report.save(update_fields=["sent_at", "updated_at"])
    return report
