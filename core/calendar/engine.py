"""Business-calendar arithmetic: "N working minutes after this instant" and its inverse.

Service-level clocks (rule X-3, e.g. the CRM-5 enquiry answer) run only during office hours on
working days, and in China the working days are not simply Monday to Friday: public holidays
take weekdays off and 调休 make-up days put weekend days back to work. This module is pure
Python on purpose: no database, no Django, so it can be tested exhaustively against a
brute-force reference and reused from models, services and tasks alike.

Resolution and normalisation
----------------------------
Working time is counted in whole minutes of the firm's wall clock (``WorkCalendar.tz``).
Every input instant is first converted to ``tz`` and then *rounded up* to the next whole
minute if it carries seconds or microseconds (09:00:00 stays 09:00, 09:00:01 becomes 09:01).
Rounding up, never down, means a partly elapsed minute is never counted as worked, and
``add_working_time`` / ``working_minutes_between`` share the same rounding, which is what
makes ``working_minutes_between(s, add_working_time(s, m)) == m`` hold for every ``s``.
Asia/Shanghai has no daylight-saving time, so wall-clock minutes equal elapsed minutes there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

__all__ = ["WorkCalendar", "calendar_add", "china_public_calendar", "covered_years"]

_ONE_DAY = timedelta(days=1)
_MINUTES_PER_DAY = 24 * 60
# A year-long run of days off is plausible in a badly configured calendar; ten years is not.
_MAX_IDLE_DAYS = 3660


def _minute_of_day(t: time, name: str) -> int:
    """Office hours are wall-clock, whole-minute times; anything finer would be silently lost."""
    if t.tzinfo is not None:
        raise ValueError(f"{name} must be a naive wall-clock time, got {t!r}")
    if t.second or t.microsecond:
        raise ValueError(f"{name} must be a whole minute, got {t.isoformat()}")
    return t.hour * 60 + t.minute


@dataclass(frozen=True)
class WorkCalendar:
    """Office hours plus the day-level exceptions that decide which days are worked.

    ``holidays`` only matters for days that would otherwise be worked and ``workdays`` only
    for days that would otherwise be off, so both may be fed the raw public-calendar data
    (which also lists ordinary weekends inside a holiday block) without filtering.
    """

    tz: ZoneInfo
    work_start: time = time(9, 0)
    work_end: time = time(18, 0)
    lunch_start: time | None = None
    lunch_end: time | None = None
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    # Working spans of a working day as [start, end) minute-of-day pairs, derived once.
    _spans: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        start = _minute_of_day(self.work_start, "work_start")
        end = _minute_of_day(self.work_end, "work_end")
        if start >= end:
            raise ValueError(
                f"work_start ({self.work_start.isoformat()}) must be before "
                f"work_end ({self.work_end.isoformat()})"
            )
        if (self.lunch_start is None) != (self.lunch_end is None):
            raise ValueError("lunch_start and lunch_end must both be set or both be None")
        spans: tuple[tuple[int, int], ...] = ((start, end),)
        if self.lunch_start is not None and self.lunch_end is not None:
            lunch_from = _minute_of_day(self.lunch_start, "lunch_start")
            lunch_to = _minute_of_day(self.lunch_end, "lunch_end")
            if lunch_from >= lunch_to:
                raise ValueError(
                    f"lunch_start ({self.lunch_start.isoformat()}) must be before "
                    f"lunch_end ({self.lunch_end.isoformat()})"
                )
            if lunch_from < start or lunch_to > end:
                raise ValueError("the lunch break must lie within work_start..work_end")
            if lunch_from == start and lunch_to == end:
                raise ValueError("the lunch break must not take up the whole working day")
            # An empty span (lunch starting at work_start) would only add a useless boundary.
            spans = tuple((lo, hi) for lo, hi in ((start, lunch_from), (lunch_to, end)) if lo < hi)
        object.__setattr__(self, "_spans", spans)

    # -- days ---------------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """A make-up day wins over everything; a holiday only removes an otherwise worked day."""
        if d in self.workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def working_minutes_on(self, d: date) -> int:
        return self._worked(d, 0, _MINUTES_PER_DAY)

    # -- instants -----------------------------------------------------------------------------

    def add_working_time(self, start: datetime, minutes: int) -> datetime:
        """The instant at which ``minutes`` working minutes have elapsed after ``start``.

        ``start`` is normalised (see the module docstring); a start outside working time
        begins counting at the next working instant. A count that runs out exactly at the
        end of a span returns that end (18:00, or 12:00 before lunch), not the start of the
        next span: the deadline is met by work done before the break. ``minutes == 0``
        returns the normalised start as is, even outside working time.

        The walk is day by day with at most two spans per day, so a million minutes costs a
        few thousand cheap iterations. It gives up with ValueError after ten years without
        any working time, which can only mean a mis-configured calendar.
        """
        if minutes < 0:
            raise ValueError(f"minutes must be >= 0, got {minutes}")
        day, minute = self._normalise(start)
        if minutes == 0:
            return self._instant(day, minute)
        remaining = minutes
        idle_days = 0
        try:
            while True:
                worked = False
                if self.is_working_day(day):
                    for lo, hi in self._spans:
                        begin = max(lo, minute)
                        if begin >= hi:
                            continue
                        if remaining <= hi - begin:
                            return self._instant(day, begin + remaining)
                        remaining -= hi - begin
                        worked = True
                idle_days = 0 if worked else idle_days + 1
                if idle_days > _MAX_IDLE_DAYS:
                    raise ValueError(
                        f"no working time in {_MAX_IDLE_DAYS} consecutive days from {day}: "
                        "check the calendar's holidays and working hours"
                    )
                day += _ONE_DAY
                minute = 0
        except OverflowError as exc:
            raise ValueError("the result lies beyond the supported date range") from exc

    def working_minutes_between(self, a: datetime, b: datetime) -> int:
        """Working minutes in [a, b), both normalised; negative (and antisymmetric) if b < a."""
        start, end = self._normalise(a), self._normalise(b)
        if b < a:
            return -self._count(end, start)
        return self._count(start, end)

    # -- internals ----------------------------------------------------------------------------

    def _count(self, start: tuple[date, int], end: tuple[date, int]) -> int:
        """Working minutes from one normalised (day, minute) to a later one."""
        (first_day, first_minute), (last_day, last_minute) = start, end
        if start >= end:
            return 0
        if first_day == last_day:
            return self._worked(first_day, first_minute, last_minute)
        total = self._worked(first_day, first_minute, _MINUTES_PER_DAY)
        day = first_day + _ONE_DAY
        while day < last_day:
            total += self.working_minutes_on(day)
            day += _ONE_DAY
        return total + self._worked(last_day, 0, last_minute)

    def _worked(self, d: date, lo: int, hi: int) -> int:
        """Working minutes of day ``d`` inside the minute-of-day window [lo, hi)."""
        if not self.is_working_day(d):
            return 0
        return sum(max(0, min(end, hi) - max(start, lo)) for start, end in self._spans)

    def _normalise(self, moment: datetime) -> tuple[date, int]:
        """(local date, minute of day) of ``moment`` in ``tz``, rounded up to a whole minute."""
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"a timezone-aware datetime is required, got naive {moment!r}")
        local = moment.astimezone(self.tz)
        day = local.date()
        minute = local.hour * 60 + local.minute
        if local.second or local.microsecond:
            minute += 1
        if minute == _MINUTES_PER_DAY:
            day, minute = day + _ONE_DAY, 0
        return day, minute

    def _instant(self, day: date, minute: int) -> datetime:
        return datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=self.tz)


def calendar_add(start: datetime, minutes: int) -> datetime:
    """Plain elapsed-time deadline, for policies whose clock also runs nights and holidays."""
    return start + timedelta(minutes=minutes)


def covered_years() -> set[int]:
    """Years the installed ``chinesecalendar`` release has official data for.

    The State Council publishes each year's arrangement late in the previous year, so the
    package always ends at some year; anything later must not be trusted to be holiday-free.
    """
    known: list[date] = [*chinese_calendar.constants.holidays, *chinese_calendar.constants.workdays]
    return set(range(min(known).year, max(known).year + 1))


def china_public_calendar(
    years: Iterable[int] | None = None,
) -> tuple[frozenset[date], frozenset[date]]:
    """(holidays, workdays) of the PRC public calendar, optionally limited to ``years``.

    Holidays include the weekend days inside a holiday block; that is harmless because
    ``WorkCalendar.is_working_day`` only lets them remove otherwise worked days. Asking for a
    year the package does not cover raises ValueError rather than returning an empty set,
    which would silently turn that year's National Day into working days.
    """
    holidays: Iterable[date] = chinese_calendar.constants.holidays
    workdays: Iterable[date] = chinese_calendar.constants.workdays
    if years is None:
        return frozenset(holidays), frozenset(workdays)
    wanted = set(years)
    known = covered_years()
    if missing := wanted - known:
        raise ValueError(
            f"chinesecalendar has no data for {sorted(missing)}; upgrade the package "
            f"(it covers {min(known)}-{max(known)})"
        )
    return (
        frozenset(d for d in holidays if d.year in wanted),
        frozenset(d for d in workdays if d.year in wanted),
    )
