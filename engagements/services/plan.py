"""Writes for the team (ENG-7), milestones and progress (ENG-8) and cost entries. Every
service scopes its lookups with ``visible_to`` (foreign or missing → NotFoundError), checks
the actor may act, validates, and saves everything or nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.exceptions import ApplicationError, ConflictError
from engagements.models import (
    Engagement,
    ExpenseEntry,
    Milestone,
    ProgressEntry,
    TeamMember,
    TimeEntry,
)
from engagements.models.plan import ExpenseKind, Phase, TeamRole
from engagements.permissions import require_manager, require_team
from engagements.selectors.plan import (
    engagement_for,
    hours_logged_on,
    latest_percent,
    milestone_for,
    team_member_for,
    team_user_ids,
)
from staff.models import User

MAX_HOURS_PER_DAY = Decimal("24")


def check_owner(engagement: Engagement, owner_id: int | None, *, field: str = "owner") -> None:
    """An owner named in a request must be on this engagement's team (foreign keys in
    requests are checked against the same scope as the object)."""
    if owner_id is not None and owner_id not in team_user_ids(engagement=engagement):
        message = gettext("The owner must be a member of the engagement team.")
        raise ApplicationError(message, extra={field: [message]})


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={field: [message]})


def _not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise _invalid(field, gettext("The date cannot be in the future."))


# --- team (ENG-7) ----------------------------------------------------------------------------


@transaction.atomic
def team_member_add(*, actor: User, engagement_id: int, user_id: int, role: str) -> TeamMember:
    """Put a person on the team in a role and keep ``Engagement.members`` in step."""
    engagement = engagement_for(actor, engagement_id, lock=True)
    require_manager(actor, engagement)
    if role not in TeamRole.values:
        raise _invalid("role", gettext("Choose a valid team role."))
    user = User.objects.filter(pk=user_id, is_active=True, client__isnull=True).first()
    if user is None:
        raise _invalid("user", gettext("Only active firm staff can join an engagement team."))
    # STF-1: a required qualification that has expired keeps the person off the team.
    from staff.services.records import check_assignable

    check_assignable(user=user, service_type=engagement.service_type)
    if TeamMember.objects.filter(engagement=engagement, user=user, role=role).exists():
        raise ConflictError(gettext("This person already holds this role on the team."))
    member = TeamMember.objects.create(engagement=engagement, user=user, role=role)
    engagement.members.add(user)
    return member


@transaction.atomic
def team_member_remove(*, actor: User, member_id: int) -> TeamMember:
    """Take one role away; a person left without any role leaves ``Engagement.members``."""
    member = team_member_for(actor, member_id, lock=True)
    engagement = member.engagement
    require_manager(actor, engagement)
    member.delete()
    if not TeamMember.objects.filter(engagement=engagement, user_id=member.user_id).exists():
        engagement.members.remove(member.user_id)
    return member


# --- milestones (ENG-8) ----------------------------------------------------------------------


def _check_milestone_fields(
    *,
    engagement: Engagement,
    phase: str,
    title: str,
    owner_id: int | None,
    exclude_pk: int | None = None,
) -> str:
    if phase not in Phase.values:
        raise _invalid("phase", gettext("Choose a valid phase."))
    title = title.strip()
    if not title:
        raise _invalid("title", gettext("Give the milestone a title."))
    check_owner(engagement, owner_id)
    clash = Milestone.objects.filter(engagement=engagement, phase=phase, title=title)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ConflictError(gettext("This phase already has a milestone with this title."))
    return title


@transaction.atomic
def milestone_create(
    *,
    actor: User,
    engagement_id: int,
    phase: str,
    title: str,
    planned_date: date,
    deliverables: str = "",
    owner_id: int | None = None,
    order: int = 0,
) -> Milestone:
    engagement = engagement_for(actor, engagement_id, lock=True)
    require_manager(actor, engagement)
    title = _check_milestone_fields(
        engagement=engagement, phase=phase, title=title, owner_id=owner_id
    )
    return Milestone.objects.create(
        engagement=engagement,
        phase=phase,
        title=title,
        planned_date=planned_date,
        deliverables=deliverables.strip(),
        owner_id=owner_id,
        order=order,
    )


@transaction.atomic
def milestone_update(
    *,
    actor: User,
    milestone_id: int,
    phase: str,
    title: str,
    planned_date: date,
    deliverables: str = "",
    owner_id: int | None = None,
    order: int = 0,
) -> Milestone:
    milestone = milestone_for(actor, milestone_id, lock=True)
    require_manager(actor, milestone.engagement)
    milestone.title = _check_milestone_fields(
        engagement=milestone.engagement,
        phase=phase,
        title=title,
        owner_id=owner_id,
        exclude_pk=milestone.pk,
    )
    milestone.phase = phase
    milestone.planned_date = planned_date
    milestone.deliverables = deliverables.strip()
    milestone.owner_id = owner_id
    milestone.order = order
    milestone.save(
        update_fields=[
            "title",
            "phase",
            "planned_date",
            "deliverables",
            "owner",
            "order",
            "updated_at",
        ]
    )
    return milestone


@transaction.atomic
def milestone_complete(
    *, actor: User, milestone_id: int, on: date | None = None, note: str = ""
) -> Milestone:
    """Record the actual date; progress then reads 100 %."""
    milestone = milestone_for(actor, milestone_id, lock=True)
    if milestone.owner_id != actor.pk:
        require_manager(actor, milestone.engagement)
    if milestone.actual_date is not None:
        raise ConflictError(gettext("This milestone is already complete."))
    on = on or timezone.localdate()
    _not_in_future(on, "actual_date")
    milestone.actual_date = on
    milestone.save(update_fields=["actual_date", "updated_at"])
    if latest_percent(milestone=milestone) != 100:
        ProgressEntry.objects.create(
            milestone=milestone,
            author=actor,
            at=timezone.now(),
            percent_complete=100,
            note=note.strip() or gettext("Milestone completed."),
        )
    return milestone


@transaction.atomic
def progress_log(
    *, actor: User, milestone_id: int, percent_complete: int, note: str = ""
) -> ProgressEntry:
    """A team member states how far a milestone has come (ENG-8). A lower figure than the
    last entry is allowed as a correction, with its reason in the note."""
    milestone = milestone_for(actor, milestone_id, lock=True)
    require_team(actor, milestone.engagement)
    if milestone.actual_date is not None:
        raise ConflictError(gettext("This milestone is already complete."))
    if not 0 <= percent_complete <= 100:
        raise _invalid("percent_complete", gettext("Enter a percentage from 0 to 100."))
    note = note.strip()
    previous = latest_percent(milestone=milestone)
    if previous is not None and percent_complete < previous and not note:
        raise _invalid(
            "note",
            gettext("The progress is lower than the last entry (%(previous)s%%): say why.")
            % {"previous": previous},
        )
    return ProgressEntry.objects.create(
        milestone=milestone,
        author=actor,
        at=timezone.now(),
        percent_complete=percent_complete,
        note=note,
    )


# --- costs -----------------------------------------------------------------------------------


@transaction.atomic
def time_log(
    *, actor: User, engagement_id: int, day: date, hours: Decimal, note: str = ""
) -> TimeEntry:
    """The actor's own hours on the engagement for a day; a day never holds more than 24 h
    across all engagements."""
    engagement = engagement_for(actor, engagement_id)
    require_team(actor, engagement)
    if not Decimal("0") < hours <= MAX_HOURS_PER_DAY:
        raise _invalid("hours", gettext("Enter more than 0 and at most 24 hours."))
    _not_in_future(day, "date")
    # Serialise the actor's own entries so two requests cannot both pass the daily check.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if hours_logged_on(user=actor, day=day) + hours > MAX_HOURS_PER_DAY:
        raise _invalid("hours", gettext("That would make more than 24 hours on this day."))
    return TimeEntry.objects.create(
        engagement=engagement, user=actor, date=day, hours=hours, note=note.strip()
    )


@transaction.atomic
def expense_log(
    *,
    actor: User,
    engagement_id: int,
    day: date,
    kind: str,
    amount: Decimal,
    note: str = "",
) -> ExpenseEntry:
    engagement = engagement_for(actor, engagement_id)
    require_team(actor, engagement)
    if kind not in ExpenseKind.values:
        raise _invalid("kind", gettext("Choose a valid kind of expense."))
    if amount <= 0:
        raise _invalid("amount", gettext("The amount must be more than zero."))
    _not_in_future(day, "date")
    return ExpenseEntry.objects.create(
        engagement=engagement, user=actor, date=day, kind=kind, amount=amount, note=note.strip()
    )
