"""Writes for training (STF-2): plans, sessions, attendance, onboarding, mentoring."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, ConflictError, NotFoundError
from staff.choices import PlanPeriod
from staff.models import (
    Attendance,
    MentorPair,
    OnboardingTask,
    TrainingPlan,
    TrainingSession,
    User,
)
from staff.permissions import require_keeper


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={field: [message]})


def _staff(ids: Iterable[int], field: str) -> list[User]:
    wanted = set(ids)
    people = list(User.objects.filter(pk__in=wanted, is_active=True, client__isnull=True))
    if len(people) != len(wanted):
        raise _invalid(field, _("Choose active members of staff only."))
    return people


@transaction.atomic
def plan_create(
    *,
    actor: User,
    title: str,
    period: str,
    starts_on: date,
    ends_on: date,
    target_hours: Decimal,
    participant_ids: Iterable[int] = (),
    description: str = "",
) -> TrainingPlan:
    require_keeper(actor)
    if period not in PlanPeriod.values:
        raise _invalid("period", _("Choose annual, quarterly or monthly."))
    if ends_on < starts_on:
        raise _invalid("ends_on", _("The end cannot be before the start."))
    if target_hours < 0:
        raise _invalid("target_hours", _("The target cannot be negative."))
    if not title.strip():
        raise _invalid("title", _("Give the plan a title."))
    people = _staff(participant_ids, "participants")
    plan = TrainingPlan.objects.create(
        title=title.strip(),
        period=period,
        starts_on=starts_on,
        ends_on=ends_on,
        target_hours=target_hours,
        description=description.strip(),
    )
    plan.participants.set(people)
    return plan


@transaction.atomic
def session_create(
    *,
    actor: User,
    plan_id: int,
    title: str,
    held_on: date,
    hours: Decimal,
    trainer: str = "",
    is_onboarding: bool = False,
) -> TrainingSession:
    require_keeper(actor)
    plan = TrainingPlan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise NotFoundError(_("Training plan not found."))
    if not plan.starts_on <= held_on <= plan.ends_on:
        raise _invalid("held_on", _("The session must fall within the plan's period."))
    if not Decimal("0") < hours <= Decimal("24"):
        raise _invalid("hours", _("Enter more than 0 and at most 24 hours."))
    if not title.strip():
        raise _invalid("title", _("Give the session a title."))
    return TrainingSession.objects.create(
        plan=plan,
        title=title.strip(),
        held_on=held_on,
        hours=hours,
        trainer=trainer.strip(),
        is_onboarding=is_onboarding,
    )


@transaction.atomic
def attendance_record(
    *, actor: User, session_id: int, user_ids: Iterable[int], hours: Decimal | None = None
) -> list[Attendance]:
    """Record who attended; each gets the session's hours unless fewer are given. Someone
    already recorded keeps one row, with the new hours."""
    require_keeper(actor)
    session = TrainingSession.objects.select_for_update().filter(pk=session_id).first()
    if session is None:
        raise NotFoundError(_("Training session not found."))
    hours = session.hours if hours is None else hours
    if not Decimal("0") <= hours <= session.hours:
        raise _invalid("hours", _("Attended hours cannot exceed the session's length."))
    rows = []
    for person in _staff(user_ids, "users"):
        row, _created = Attendance.objects.update_or_create(
            session=session, user=person, defaults={"hours": hours}
        )
        rows.append(row)
    return rows


@transaction.atomic
def onboarding_task_add(*, actor: User, user_id: int, title: str, due_on: date) -> OnboardingTask:
    require_keeper(actor)
    person = _staff([user_id], "user")[0]
    if not title.strip():
        raise _invalid("title", _("Name the onboarding item."))
    try:
        with transaction.atomic():
            return OnboardingTask.objects.create(user=person, title=title.strip(), due_on=due_on)
    except IntegrityError:
        raise ConflictError(_("This person already has this onboarding item.")) from None


@transaction.atomic
def onboarding_task_done(*, actor: User, task_id: int, on: date) -> OnboardingTask:
    require_keeper(actor)
    task = OnboardingTask.objects.select_for_update().filter(pk=task_id).first()
    if task is None:
        raise NotFoundError(_("Onboarding item not found."))
    if task.done_on is not None:
        raise ConflictError(_("This item is already done."))
    task.done_on = on
    task.save(update_fields=["done_on", "updated_at"])
    return task


@transaction.atomic
def mentor_pair_add(
    *,
    actor: User,
    mentor_id: int,
    mentee_id: int,
    starts_on: date,
    ends_on: date | None = None,
    goals: str = "",
) -> MentorPair:
    require_keeper(actor)
    if mentor_id == mentee_id:
        raise _invalid("mentee", _("A person cannot mentor themselves."))
    if ends_on is not None and ends_on < starts_on:
        raise _invalid("ends_on", _("The end cannot be before the start."))
    mentor = _staff([mentor_id], "mentor")[0]
    mentee = _staff([mentee_id], "mentee")[0]
    try:
        with transaction.atomic():
            return MentorPair.objects.create(
                mentor=mentor, mentee=mentee, starts_on=starts_on, ends_on=ends_on, goals=goals
            )
    except IntegrityError:
        raise ConflictError(_("This mentoring pair already exists.")) from None
