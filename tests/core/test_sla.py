"""SLA clocks on the business calendar (X-3) with the standard's default policies, pause and
resume, and the sweep's warning, breach and escalation with exactly-once notifications."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.exceptions import ConflictError
from core.models import Notification, SlaClock, SlaPolicy
from core.sla.services import (
    sla_clock_cancel,
    sla_clock_meet,
    sla_clock_pause,
    sla_clock_resume,
    sla_clock_start,
)
from core.sla.sweep import sla_sweep

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


# code, start, expected due — each worked out by hand on the 2026 Chinese calendar
# (National Day Oct 1–7 off, Sat Oct 10 a make-up working day; hours 9–18, lunch 12–13).
DEFAULT_DUE = [
    # CRM-3: first response 24 h, initial analysis 24 h, feedback 48 h, rectification 1 week.
    ("complaint_first_response", at(2026, 9, 30, 10, 0), at(2026, 10, 1, 10, 0)),
    ("complaint_initial_analysis", at(2026, 11, 20, 17, 59), at(2026, 11, 21, 17, 59)),
    ("complaint_feedback", at(2026, 11, 20, 9, 0), at(2026, 11, 22, 9, 0)),
    ("complaint_process_rectification", at(2026, 11, 2, 9, 0), at(2026, 11, 9, 9, 0)),
    # CRM-5: support first feedback 24 h, initial handling 72 h, enquiry 1 working hour.
    ("support_first_feedback", at(2026, 11, 20, 17, 0), at(2026, 11, 21, 17, 0)),
    ("support_initial_handling", at(2026, 11, 20, 17, 0), at(2026, 11, 23, 17, 0)),
    ("enquiry_answer", at(2026, 11, 20, 17, 59), at(2026, 11, 23, 9, 59)),  # Friday 17:59
    ("enquiry_answer", at(2026, 9, 30, 17, 30), at(2026, 10, 8, 9, 30)),  # across National Day
    ("enquiry_answer", at(2026, 10, 9, 17, 30), at(2026, 10, 10, 9, 30)),  # Saturday make-up day
    ("enquiry_answer", at(2026, 11, 23, 11, 30), at(2026, 11, 23, 13, 30)),  # lunch does not count
    # QC-9: audit rectification reply within 10 days.
    ("audit_rectification_reply", at(2026, 9, 28, 9, 0), at(2026, 10, 8, 9, 0)),
    # QC-12: KPI-breach rectification starts within 24 h.
    ("kpi_breach_rectification_start", at(2026, 11, 20, 9, 0), at(2026, 11, 21, 9, 0)),
    # DOC-5: client materials returned or destroyed within 7 days.
    ("client_material_return", at(2026, 11, 20, 9, 0), at(2026, 11, 27, 9, 0)),
    # RSK-4: risk review (default 30 days; a risk may give its own date).
    ("risk_review", at(2026, 11, 1, 9, 0), at(2026, 12, 1, 9, 0)),
]


@pytest.mark.parametrize(("code", "start", "due"), DEFAULT_DUE)
def test_every_default_sla_is_due_when_the_standard_says(
    code, start, due, engagement_a
) -> None:
    clock = sla_clock_start(policy=code, target=engagement_a, started_at=start)
    assert clock.due_at == due
    policy = SlaPolicy.objects.get(code=code)
    assert clock.warn_at is not None and clock.warn_at <= clock.due_at
    assert policy.steps.count() == 2


def test_the_defaults_cover_the_standard(
    db,
) -> None:  # X-3, CRM-3, CRM-5, QC-9, QC-12, DOC-5, RSK-4
    expected = {
        "complaint_first_response": ("calendar", 24 * 60),
        "complaint_feedback": ("calendar", 48 * 60),
        "complaint_process_rectification": ("calendar", 7 * 24 * 60),
        "support_first_feedback": ("calendar", 24 * 60),
        "support_initial_handling": ("calendar", 72 * 60),
        "enquiry_answer": ("working", 60),
        "audit_rectification_reply": ("calendar", 10 * 24 * 60),
        "kpi_breach_rectification_start": ("calendar", 24 * 60),
        "client_material_return": ("calendar", 7 * 24 * 60),
    }
    actual = {
        p.code: (p.basis, p.target_minutes) for p in SlaPolicy.objects.filter(code__in=expected)
    }
    assert actual == expected


def test_an_admins_change_to_a_policy_applies_to_new_clocks(engagement_a) -> None:
    SlaPolicy.objects.filter(code="complaint_first_response").update(target_minutes=12 * 60)
    clock = sla_clock_start(
        policy="complaint_first_response", target=engagement_a, started_at=at(2026, 11, 20, 9, 0)
    )
    assert clock.due_at == at(2026, 11, 20, 21, 0)


def test_a_fixed_due_date_overrides_the_policy(engagement_a) -> None:  # RSK-4
    clock = sla_clock_start(
        policy="risk_review",
        target=engagement_a,
        started_at=at(2026, 11, 1, 9),
        due_at=at(2026, 11, 15, 9),
    )
    assert clock.due_at == at(2026, 11, 15, 9)


def test_one_open_clock_per_record_and_policy(engagement_a) -> None:
    sla_clock_start(policy="complaint_feedback", target=engagement_a)
    with pytest.raises(ConflictError):
        sla_clock_start(policy="complaint_feedback", target=engagement_a)


def test_pausing_stops_the_working_clock_and_resuming_moves_the_due_time(
    engagement_a,
) -> None:
    # 1 working hour from Mon 10:00; paused 10:20 (20 min used) until Tue 10:00 → due Tue 10:40.
    clock = sla_clock_start(
        policy="enquiry_answer", target=engagement_a, started_at=at(2026, 11, 23, 10, 0)
    )
    assert clock.due_at == at(2026, 11, 23, 11, 0)
    clock = sla_clock_pause(
        clock=clock, at=at(2026, 11, 23, 10, 20), reason="waiting for the client"
    )
    assert clock.state == SlaClock.State.PAUSED and clock.consumed_minutes == 20
    assert sla_sweep(now=at(2026, 11, 23, 12, 0)).breached == 0
    clock = sla_clock_resume(clock=clock, at=at(2026, 11, 24, 10, 0))
    assert clock.due_at == at(2026, 11, 24, 10, 40)
    assert clock.pauses.get().ended_at == at(2026, 11, 24, 10, 0)


def test_pausing_a_calendar_clock_moves_it_by_the_paused_time(engagement_a) -> None:  # CRM-3
    clock = sla_clock_start(
        policy="complaint_feedback", target=engagement_a, started_at=at(2026, 11, 20, 9, 0)
    )
    clock = sla_clock_pause(clock=clock, at=at(2026, 11, 20, 10, 0))
    clock = sla_clock_resume(clock=clock, at=at(2026, 11, 20, 15, 0))
    assert clock.due_at == at(2026, 11, 22, 14, 0)


def test_meeting_in_time_is_not_a_breach_and_late_is(engagement_a, engagement_b) -> None:
    on_time = sla_clock_start(
        policy="complaint_first_response", target=engagement_a, started_at=at(2026, 11, 20, 9)
    )
    on_time = sla_clock_meet(clock=on_time, at=at(2026, 11, 20, 12))
    assert on_time.state == SlaClock.State.MET and on_time.breached_at is None
    late = sla_clock_start(
        policy="complaint_first_response", target=engagement_b, started_at=at(2026, 11, 20, 9)
    )
    late = sla_clock_meet(clock=late, at=at(2026, 11, 22, 9))
    assert late.breached_at == at(2026, 11, 21, 9)
    with pytest.raises(ConflictError):
        sla_clock_cancel(clock=late)


def test_the_sweep_warns_breaches_and_escalates_once_each(
    engagement_a, project_manager, qa_manager, technical_director, admin_user
) -> None:  # X-3, CRM-3
    start = at(2026, 11, 20, 9, 0)
    clock = sla_clock_start(
        policy="complaint_first_response",
        target=engagement_a,
        owner=project_manager,
        started_at=start,
    )
    # 80% of 24 h: the owner is warned at 04:12 the next day.
    assert sla_sweep(now=start + timedelta(hours=19)).warned == 0
    assert sla_sweep(now=start + timedelta(hours=19, minutes=12)).warned == 1
    assert sla_sweep(now=start + timedelta(hours=20)).warned == 0
    # Breach at 24 h: owner told; level 1 escalation to the QA office at once.
    result = sla_sweep(now=start + timedelta(hours=24))
    assert (result.breached, result.escalated) == (1, 1)
    # Level 2 a day later: technical director, admins and the owner.
    assert sla_sweep(now=start + timedelta(hours=47)).escalated == 0
    assert sla_sweep(now=start + timedelta(hours=48)).escalated == 1
    for _ in range(3):
        result = sla_sweep(now=start + timedelta(hours=72))
        assert (result.examined, result.warned, result.breached, result.escalated) == (0, 0, 0, 0)
    clock.refresh_from_db()
    assert clock.escalation_level == 2 and clock.next_check_at is None
    got = sorted(Notification.objects.values_list("kind", "recipient__username"))
    assert got == [
        ("sla_breach", "project_manager"),
        ("sla_escalation", "firm_admin"),
        ("sla_escalation", "project_manager"),
        ("sla_escalation", "qa_manager"),
        ("sla_escalation", "technical_director"),
        ("sla_warning", "project_manager"),
    ]


def test_emitting_the_same_event_twice_notifies_once(engagement_a, project_manager) -> None:
    from core.notifications.services import notify

    for _ in range(2):
        notify(
            recipients=[project_manager],
            kind="sla_breach",
            event_key="sla:x:breach",
            params={"target": "x"},
        )
    assert Notification.objects.count() == 1


def test_the_manual_sweep_command_runs_one_sweep(engagement_a, project_manager) -> None:
    from django.core.management import call_command

    sla_clock_start(
        policy="enquiry_answer",
        target=engagement_a,
        owner=project_manager,
        started_at=at(2020, 1, 6, 9),
    )
    call_command("sla_sweep")
    assert Notification.objects.filter(kind="sla_breach").count() == 1
