"""Starting, pausing, resuming, meeting and cancelling SLA clocks: the services every app
uses for its timed obligations (complaints, support, audit replies, KPI breaches, client
materials, risk reviews)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Func, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar.engine import WorkCalendar
from core.calendar.services import load_work_calendar, work_calendar
from core.exceptions import ApplicationError, ConflictError
from core.models import CalendarDay, FirmCalendar, SlaClock, SlaEscalationStep, SlaPause, SlaPolicy
from core.sla import timing
from staff.models import User


def _policy(policy: SlaPolicy | str) -> SlaPolicy:
    if isinstance(policy, SlaPolicy):
        return policy
    found = SlaPolicy.objects.filter(code=policy, is_active=True).first()
    if found is None:
        raise ApplicationError(
            _("SLA policy “%(code)s” does not exist or is inactive.") % {"code": policy}
        )
    return found


def _locked(clock: SlaClock) -> SlaClock:
    return SlaClock.objects.select_for_update().select_related("policy").get(pk=clock.pk)


def schedule(
    clock: SlaClock, calendar: WorkCalendar, steps: list[SlaEscalationStep] | None = None
) -> None:
    """Set due, warning and next-check instants of a running clock from its remaining time."""
    policy = clock.policy
    start = clock.run_started_at or clock.started_at
    remaining = max(clock.target_minutes - clock.consumed_minutes, 0)
    clock.due_at = timing.add(policy.basis, start, remaining, calendar)
    if clock.warned_at is None and clock.breached_at is None:
        warn_after = max(
            clock.target_minutes * policy.warning_percent // 100 - clock.consumed_minutes, 0
        )
        clock.warn_at = timing.add(policy.basis, start, warn_after, calendar)
    clock.next_check_at = next_check(clock, calendar, steps)


def next_check(
    clock: SlaClock, calendar: WorkCalendar, steps: list[SlaEscalationStep] | None = None
) -> datetime | None:
    if clock.state != SlaClock.State.RUNNING:
        return None
    if clock.breached_at is None:
        if clock.warned_at is None and clock.warn_at is not None:
            return min(clock.warn_at, clock.due_at)
        return clock.due_at
    if steps is None:
        steps = list(clock.policy.steps.all())
    pending = [s for s in steps if s.level > clock.escalation_level]
    if not pending:
        return None
    step = min(pending, key=lambda s: s.level)
    return timing.add(clock.policy.basis, clock.due_at, step.after_minutes, calendar)


@transaction.atomic
def sla_clock_start(
    *,
    policy: SlaPolicy | str,
    target: models.Model,
    owner: User | None = None,
    started_at: datetime | None = None,
    due_at: datetime | None = None,
) -> SlaClock:
    """Start the policy's clock on ``target``. ``due_at`` overrides the policy's target for
    obligations with a fixed date (e.g. a risk's review date)."""
    policy = _policy(policy)
    started_at = started_at or timezone.now()
    calendar = load_work_calendar()
    target_minutes = policy.target_minutes
    if due_at is not None:
        if due_at <= started_at:
            raise ApplicationError(_("The due date must be after the start."))
        target_minutes = max(timing.elapsed(policy.basis, started_at, due_at, calendar), 1)
    clock = SlaClock(
        policy=policy,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        owner=owner,
        started_at=started_at,
        run_started_at=started_at,
        target_minutes=target_minutes,
        due_at=started_at,
    )
    schedule(clock, calendar)
    if due_at is not None:
        clock.due_at = due_at
        clock.next_check_at = next_check(clock, calendar)
    try:
        with transaction.atomic():
            clock.save()
    except IntegrityError as exc:
        raise ConflictError(
            _("This record already has an open clock for “%(policy)s”.") % {"policy": policy}
        ) from exc
    return clock


def _as_json_text(*fields: str) -> Cast:
    return Cast(Func(*fields, function="json_build_array"), models.TextField())


def _policies_and_calendar(
    codes: list[str], *, since: date
) -> tuple[dict[str, SlaPolicy], WorkCalendar]:
    """The active policies among ``codes`` and the work calendar in one query on PostgreSQL
    (P3). Only the day overrides from the day before ``since`` on are loaded: enough for
    clocks that start then, whose times are all computed forward from their start."""
    policies = SlaPolicy.objects.filter(code__in=codes, is_active=True)
    if connection.vendor != "postgresql":
        return {p.code: p for p in policies}, load_work_calendar()
    hours_row = FirmCalendar.objects.filter(pk=1).values(
        j=_as_json_text("work_start", "work_end", "lunch_start", "lunch_end")
    )
    day_rows = CalendarDay.objects.filter(date__gte=since - timedelta(days=1)).values(
        j=_as_json_text("date", "kind")
    )
    rows = list(policies.annotate(_hours=Subquery(hours_row[:1]), _days=ArraySubquery(day_rows)))
    if not rows:
        return {}, load_work_calendar()
    hours = FirmCalendar(pk=1)  # its field defaults, when the firm never saved its hours
    if rows[0]._hours is not None:
        start, end, lunch_start, lunch_end = json.loads(rows[0]._hours)
        hours.work_start, hours.work_end = time.fromisoformat(start), time.fromisoformat(end)
        hours.lunch_start = time.fromisoformat(lunch_start) if lunch_start else None
        hours.lunch_end = time.fromisoformat(lunch_end) if lunch_end else None
    days = [(date.fromisoformat(day), kind) for day, kind in map(json.loads, rows[0]._days)]
    return {p.code: p for p in rows}, work_calendar(hours, days)


def sla_clocks_start_new(
    *,
    policies: list[str],
    target: models.Model,
    owner: User | None = None,
    started_at: datetime | None = None,
) -> list[SlaClock]:
    """Start several policies' clocks on a ``target`` that has none yet (created in this
    transaction, or checked under its row lock): one policy query, one calendar load, one
    insert — a new complaint's intake (P3) instead of three full ``sla_clock_start`` round
    trips."""
    started_at = started_at or timezone.now()
    found, calendar = _policies_and_calendar(policies, since=timezone.localdate(started_at))
    for code in policies:
        if code not in found:
            raise ApplicationError(
                _("SLA policy “%(code)s” does not exist or is inactive.") % {"code": code}
            )
    content_type = ContentType.objects.get_for_model(target)
    clocks = []
    for code in policies:
        policy = found[code]
        clock = SlaClock(
            policy=policy,
            content_type=content_type,
            object_id=target.pk,
            owner=owner,
            started_at=started_at,
            run_started_at=started_at,
            target_minutes=policy.target_minutes,
            due_at=started_at,
        )
        schedule(clock, calendar)
        clocks.append(clock)
    return SlaClock.objects.bulk_create(clocks)


@transaction.atomic
def sla_clock_pause(*, clock: SlaClock, at: datetime | None = None, reason: str = "") -> SlaClock:
    """Stop the clock, e.g. while waiting for the client; the time paused does not count."""
    clock = _locked(clock)
    if clock.state != SlaClock.State.RUNNING:
        raise ConflictError(_("Only a running clock can be paused."))
    at = at or timezone.now()
    calendar = load_work_calendar()
    clock.consumed_minutes += timing.elapsed(
        clock.policy.basis, clock.run_started_at or clock.started_at, at, calendar
    )
    clock.state = SlaClock.State.PAUSED
    clock.run_started_at = None
    clock.next_check_at = None
    clock.save(update_fields=["consumed_minutes", "state", "run_started_at", "next_check_at"])
    SlaPause.objects.create(clock=clock, started_at=at, reason=reason[:200])
    return clock


@transaction.atomic
def sla_clock_resume(*, clock: SlaClock, at: datetime | None = None) -> SlaClock:
    clock = _locked(clock)
    if clock.state != SlaClock.State.PAUSED:
        raise ConflictError(_("Only a paused clock can be resumed."))
    at = at or timezone.now()
    clock.state = SlaClock.State.RUNNING
    clock.run_started_at = at
    if clock.breached_at is None:
        schedule(clock, load_work_calendar())
    else:
        clock.next_check_at = next_check(clock, load_work_calendar())
    clock.save(update_fields=["state", "run_started_at", "due_at", "warn_at", "next_check_at"])
    SlaPause.objects.filter(clock=clock, ended_at__isnull=True).update(ended_at=at)
    return clock


@transaction.atomic
def sla_clock_meet(*, clock: SlaClock, at: datetime | None = None) -> SlaClock:
    """The obligation was fulfilled; a clock met after its due time stays marked breached."""
    clock = _locked(clock)
    if not clock.is_open:
        raise ConflictError(_("This clock is already closed."))
    at = at or timezone.now()
    if clock.breached_at is None and at > clock.due_at and clock.state == SlaClock.State.RUNNING:
        clock.breached_at = clock.due_at  # met late, before the sweep noticed
    clock.state = SlaClock.State.MET
    clock.met_at = at
    clock.next_check_at = None
    clock.save(update_fields=["state", "met_at", "breached_at", "next_check_at"])
    SlaPause.objects.filter(clock=clock, ended_at__isnull=True).update(ended_at=at)
    return clock


@transaction.atomic
def sla_clock_cancel(*, clock: SlaClock, at: datetime | None = None) -> SlaClock:
    """The obligation no longer exists (e.g. the complaint was withdrawn)."""
    clock = _locked(clock)
    if not clock.is_open:
        raise ConflictError(_("This clock is already closed."))
    at = at or timezone.now()
    clock.state = SlaClock.State.CANCELLED
    clock.cancelled_at = at
    clock.next_check_at = None
    clock.save(update_fields=["state", "cancelled_at", "next_check_at"])
    SlaPause.objects.filter(clock=clock, ended_at__isnull=True).update(ended_at=at)
    return clock


def has_clocks(*, target: models.Model, policies: Sequence[str]) -> bool:
    """Whether ``target`` ever had a clock of any of these policies, open or closed."""
    return SlaClock.objects.filter(
        policy__code__in=policies,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
    ).exists()


def open_clock(*, policy: str, target: models.Model) -> SlaClock | None:
    return (
        SlaClock.objects.filter(
            policy__code=policy,
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
            state__in=[SlaClock.State.RUNNING, SlaClock.State.PAUSED],
        )
        .select_related("policy")
        .first()
    )
