"""Time arithmetic for a policy's basis: calendar minutes, or working minutes on the firm's
business calendar (X-3)."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.calendar.engine import WorkCalendar
from core.models import SlaPolicy


def add(basis: str, start: datetime, minutes: int, calendar: WorkCalendar) -> datetime:
    if basis == SlaPolicy.Basis.WORKING:
        return calendar.add_working_time(start, minutes)
    return start + timedelta(minutes=minutes)


def elapsed(basis: str, start: datetime, end: datetime, calendar: WorkCalendar) -> int:
    """Whole minutes of the basis between two instants (never negative)."""
    if end <= start:
        return 0
    if basis == SlaPolicy.Basis.WORKING:
        return calendar.working_minutes_between(start, end)
    return int((end - start).total_seconds() // 60)
