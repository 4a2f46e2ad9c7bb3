"""Training plans, sessions, attendance, onboarding and mentoring (STF-2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError

from core.exceptions import ApplicationError, ConflictError
from staff.models import MentorPair
from staff.selectors import hours_against_plans, plan_participants_hours
from staff.services import training as svc

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("period", ["annual", "quarterly", "monthly"])
def test_plans_of_each_period_count_hours_against_the_target(
    period, qa_manager, consultant, discipline_lead
) -> None:
    # STF-2: annual/quarterly/monthly plans, sessions with attendance and hours
    plan = svc.plan_create(
        actor=qa_manager,
        title="计划",
        period=period,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        target_hours=Decimal("10"),
        participant_ids=[consultant.pk, discipline_lead.pk],
    )
    first = svc.session_create(
        actor=qa_manager,
        plan_id=plan.pk,
        title="标准宣贯",
        held_on=date(2026, 3, 1),
        hours=Decimal("4"),
    )
    second = svc.session_create(
        actor=qa_manager,
        plan_id=plan.pk,
        title="方法培训",
        held_on=date(2026, 4, 1),
        hours=Decimal("3"),
    )
    svc.attendance_record(
        actor=qa_manager, session_id=first.pk, user_ids=[consultant.pk, discipline_lead.pk]
    )
    svc.attendance_record(
        actor=qa_manager, session_id=second.pk, user_ids=[consultant.pk], hours=Decimal("2")
    )
    # Recording again updates, never doubles.
    svc.attendance_record(
        actor=qa_manager, session_id=second.pk, user_ids=[consultant.pk], hours=Decimal("3")
    )

    hours = {u.username: u.attended for u in plan_participants_hours(plan)}  # type: ignore[attr-defined]
    assert hours == {"consultant": Decimal("7"), "discipline_lead": Decimal("4")}
    (row,) = hours_against_plans(consultant)
    assert (row.attended, row.target, row.percent) == (Decimal("7"), Decimal("10"), 70)


def test_a_session_outside_the_plan_or_too_long_is_refused(qa_manager) -> None:
    # STF-2
    plan = svc.plan_create(
        actor=qa_manager,
        title="月度",
        period="monthly",
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 5, 31),
        target_hours=Decimal("4"),
    )
    with pytest.raises(ApplicationError):
        svc.session_create(
            actor=qa_manager,
            plan_id=plan.pk,
            title="x",
            held_on=date(2026, 6, 1),
            hours=Decimal("2"),
        )
    with pytest.raises(ApplicationError):
        svc.session_create(
            actor=qa_manager,
            plan_id=plan.pk,
            title="x",
            held_on=date(2026, 5, 2),
            hours=Decimal("25"),
        )


def test_onboarding_items_and_mentoring_pairs(qa_manager, consultant, discipline_lead) -> None:
    # STF-2: new-staff onboarding programme and mentoring (导师制)
    task = svc.onboarding_task_add(
        actor=qa_manager, user_id=consultant.pk, title="阅读质量手册", due_on=date(2026, 2, 1)
    )
    with pytest.raises(ConflictError):
        svc.onboarding_task_add(
            actor=qa_manager, user_id=consultant.pk, title="阅读质量手册", due_on=date(2026, 2, 1)
        )
    svc.onboarding_task_done(actor=qa_manager, task_id=task.pk, on=date(2026, 1, 20))
    with pytest.raises(ConflictError):
        svc.onboarding_task_done(actor=qa_manager, task_id=task.pk, on=date(2026, 1, 21))

    pair = svc.mentor_pair_add(
        actor=qa_manager,
        mentor_id=discipline_lead.pk,
        mentee_id=consultant.pk,
        starts_on=date(2026, 1, 1),
    )
    assert pair.mentor == discipline_lead
    with pytest.raises(ApplicationError):
        svc.mentor_pair_add(
            actor=qa_manager,
            mentor_id=consultant.pk,
            mentee_id=consultant.pk,
            starts_on=date(2026, 1, 1),
        )
    with pytest.raises(IntegrityError):
        MentorPair.objects.create(mentor=consultant, mentee=consultant, starts_on=date(2026, 1, 1))
