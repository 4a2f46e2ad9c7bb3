"""The business-calendar engine behind service-level clocks (rule X-3), checked two ways:
against a minute-by-minute brute force on the real PRC calendar, and on hand-worked cases.

No database: the engine is pure Python.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.calendar import WorkCalendar, calendar_add, china_public_calendar, covered_years

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
HOLIDAYS, WORKDAYS = china_public_calendar()

PLAIN = WorkCalendar(tz=SHANGHAI, holidays=HOLIDAYS, workdays=WORKDAYS)  # 09–18, 540 min/day
LUNCH = WorkCalendar(  # 09–12 + 13–18, 480 min/day
    tz=SHANGHAI,
    lunch_start=time(12, 0),
    lunch_end=time(13, 0),
    holidays=HOLIDAYS,
    workdays=WORKDAYS,
)
ODD_HOURS = WorkCalendar(  # 08:30–11:45 + 13:15–17:30, 450 min/day
    tz=SHANGHAI,
    work_start=time(8, 30),
    work_end=time(17, 30),
    lunch_start=time(11, 45),
    lunch_end=time(13, 15),
    holidays=HOLIDAYS,
    workdays=WORKDAYS,
)
MINUTE = timedelta(minutes=1)


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, us: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, us, tzinfo=SHANGHAI)


# --- brute-force reference ------------------------------------------------------------------
# Written independently of the engine: the day rule straight from the raw sets, each minute
# of a day tested against the configured times, and counting done one minute at a time.


@lru_cache(maxsize=4096)
def _ref_flags(cal: WorkCalendar, d: date) -> tuple[bool, ...]:
    """For each minute m of day d: does [m, m+1) lie in working time?"""
    if d in cal.workdays:
        working_day = True
    elif d in cal.holidays:
        working_day = False
    else:
        working_day = d.isoweekday() <= 5
    flags = []
    for m in range(24 * 60):
        t = time(m // 60, m % 60)
        in_hours = cal.work_start <= t < cal.work_end
        at_lunch = (
            cal.lunch_start is not None
            and cal.lunch_end is not None
            and cal.lunch_start <= t < cal.lunch_end
        )
        flags.append(working_day and in_hours and not at_lunch)
    return tuple(flags)


def _ref_normalise(cal: WorkCalendar, moment: datetime) -> datetime:
    local = moment.astimezone(cal.tz)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + MINUTE
    return local


def _walk(start: datetime) -> tuple[date, int]:
    return start.date(), start.hour * 60 + start.minute


def _ref_add(cal: WorkCalendar, start: datetime, minutes: int) -> datetime:
    t = _ref_normalise(cal, start)
    if minutes == 0:
        return t
    day, m = _walk(t)
    counted = 0
    while True:
        if _ref_flags(cal, day)[m]:
            counted += 1
        m += 1
        if counted == minutes:
            return datetime.combine(day, time(), tzinfo=cal.tz) + m * MINUTE
        if m == 24 * 60:
            day, m = day + timedelta(days=1), 0


def _ref_between(cal: WorkCalendar, a: datetime, b: datetime) -> int:
    if b < a:
        return -_ref_between(cal, b, a)
    day, m = _walk(_ref_normalise(cal, a))
    end = _walk(_ref_normalise(cal, b))
    counted = 0
    while (day, m) < end:
        counted += _ref_flags(cal, day)[m]
        m += 1
        if m == 24 * 60:
            day, m = day + timedelta(days=1), 0
    return counted


# --- property tests (X-3) -------------------------------------------------------------------

# Minutes of the day where off-by-one mistakes hide: span edges and their neighbours.
EDGES = [0, 509, 510, 539, 540, 541, 704, 705, 719, 720, 721, 779, 780, 795, 796, 1049, 1050,
         1079, 1080, 1081, 1439]  # fmt: skip

calendars = st.sampled_from([PLAIN, LUNCH, ODD_HOURS])


@st.composite
def instants(draw: st.DrawFn) -> datetime:
    """Aware instants in 2025–2026 (real holidays and 调休 days), often on span edges, with
    optional seconds, and sometimes expressed in another zone than the calendar's."""
    day = draw(st.dates(date(2025, 1, 1), date(2026, 12, 31)))
    minute = draw(st.one_of(st.sampled_from(EDGES), st.integers(0, 24 * 60 - 1)))
    second = draw(st.sampled_from([0, 0, 0, 1, 30, 59]))
    micro = draw(st.sampled_from([0, 0, 0, 1, 999_999]))
    local = datetime(day.year, day.month, day.day, minute // 60, minute % 60, second, micro,
                     tzinfo=SHANGHAI)  # fmt: skip
    return local.astimezone(draw(st.sampled_from([SHANGHAI, SHANGHAI, UTC, NEW_YORK])))


# Up to about three working days; the brute force then walks at most ~2 weeks of minutes.
working_minutes = st.one_of(
    st.sampled_from([0, 1, 59, 60, 180, 450, 480, 540, 960, 1080]), st.integers(0, 1620)
)
FAST = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


@FAST
@given(cal=calendars, start=instants(), minutes=working_minutes)
def test_add_working_time_matches_brute_force(
    cal: WorkCalendar, start: datetime, minutes: int
) -> None:
    # the due instant is exactly the brute-force one, in the calendar's zone.
    due = cal.add_working_time(start, minutes)
    assert due == _ref_add(cal, start, minutes)
    assert due.tzinfo is SHANGHAI
    assert due.second == due.microsecond == 0
    # counting back from the start recovers the budget exactly.
    assert cal.working_minutes_between(start, due) == minutes


@FAST
@given(
    cal=calendars,
    a=instants(),
    offset=st.integers(-14 * 24 * 60, 14 * 24 * 60),
    seconds=st.sampled_from([0, 0, 1, 59]),
)
def test_working_minutes_between_matches_brute_force(
    cal: WorkCalendar, a: datetime, offset: int, seconds: int
) -> None:
    # random pairs up to two weeks apart, in either order.
    b = a + timedelta(minutes=offset, seconds=seconds)
    between = cal.working_minutes_between(a, b)
    assert between == _ref_between(cal, a, b)
    assert cal.working_minutes_between(b, a) == -between
    assert between >= 0 if b >= a else between <= 0


# --- real cases, worked by hand (X-3) -------------------------------------------------------


def test_package_data_has_national_day_2026() -> None:
    assert all(date(2026, 10, d) in HOLIDAYS for d in range(1, 8))
    assert date(2026, 10, 10) in WORKDAYS  # Saturday 调休
    assert {2025, 2026} <= covered_years()
    assert max(covered_years()) == 2026  # chinesecalendar 1.11.0


def test_is_working_day() -> None:
    assert PLAIN.is_working_day(date(2026, 10, 1)) is False  # National Day, a Thursday
    assert PLAIN.is_working_day(date(2026, 10, 10)) is True  # Saturday make-up day
    assert PLAIN.is_working_day(date(2026, 11, 21)) is False  # ordinary Saturday
    assert PLAIN.is_working_day(date(2026, 11, 20)) is True  # ordinary Friday


def test_working_minutes_on() -> None:
    assert PLAIN.working_minutes_on(date(2026, 11, 20)) == 540
    assert LUNCH.working_minutes_on(date(2026, 11, 20)) == 480
    assert ODD_HOURS.working_minutes_on(date(2026, 11, 20)) == 450
    assert LUNCH.working_minutes_on(date(2026, 10, 1)) == 0
    assert LUNCH.working_minutes_on(date(2026, 10, 10)) == 480


def test_national_day_2026_24_working_hours() -> None:
    # X-3, 8-hour days (09–12, 13–18), 1440 min from Wed 2026-09-30 10:00:
    #   Wed 09-30: 10–12 = 120 + 13–18 = 300 → 420 used, 1020 left
    #   Thu 10-01 … Wed 10-07: National Day, nothing
    #   Thu 10-08: 480 → 540 left;  Fri 10-09: 480 → 60 left
    #   Sat 10-10 (make-up day): 09:00 + 60 → 10:00
    start = at(2026, 9, 30, 10, 0)
    due = LUNCH.add_working_time(start, 1440)
    assert due == at(2026, 10, 10, 10, 0)
    assert LUNCH.working_minutes_between(start, due) == 1440


def test_saturday_make_up_day() -> None:
    # X-3, 09–18 no lunch. Fri 2026-10-09 17:00 + 60: the Friday's last hour covers it all,
    # and a count ending on 18:00 stays there → Fri 18:00 (not Sat 09:00).
    assert PLAIN.add_working_time(at(2026, 10, 9, 17, 0), 60) == at(2026, 10, 9, 18, 0)
    # One minute more spills into the make-up Saturday: Sat 2026-10-10 09:01.
    assert PLAIN.add_working_time(at(2026, 10, 9, 17, 0), 61) == at(2026, 10, 10, 9, 1)
    # Fri 17:30 + 60: 30 on Friday, 30 on the make-up Saturday → Sat 09:30.
    assert PLAIN.add_working_time(at(2026, 10, 9, 17, 30), 60) == at(2026, 10, 10, 9, 30)


@pytest.mark.parametrize("cal", [PLAIN, LUNCH], ids=["no-lunch", "lunch"])
def test_enquiry_answer_friday_1759(cal: WorkCalendar) -> None:
    # CRM-5 enquiry answer, 1 working hour from Fri 2026-11-20 17:59: 1 min on Friday,
    # weekend off, Mon 2026-11-23 09:00 + 59 → 09:59 (before any lunch break, so same).
    start = at(2026, 11, 20, 17, 59)
    assert cal.add_working_time(start, 60) == at(2026, 11, 23, 9, 59)
    assert cal.working_minutes_between(start, at(2026, 11, 23, 9, 59)) == 60


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        # Sunday 2026-11-22 15:00 → counting starts Mon 09:00 → 09:30.
        (at(2026, 11, 22, 15, 0), 30, at(2026, 11, 23, 9, 30)),
        # Mon 2026-11-23 22:00 → Tue 09:00 → 09:30.
        (at(2026, 11, 23, 22, 0), 30, at(2026, 11, 24, 9, 30)),
        # Tue 2026-11-24 07:00, before opening → 09:30.
        (at(2026, 11, 24, 7, 0), 30, at(2026, 11, 24, 9, 30)),
        # Tue 12:30, during lunch → counting starts 13:00 → 13:30.
        (at(2026, 11, 24, 12, 30), 30, at(2026, 11, 24, 13, 30)),
        # Holiday Thu 2026-10-01 10:00 → first working instant Thu 10-08 09:00 → 10:00.
        (at(2026, 10, 1, 10, 0), 60, at(2026, 10, 8, 10, 0)),
    ],
)
def test_start_outside_working_time(start: datetime, minutes: int, expected: datetime) -> None:
    #
    assert LUNCH.add_working_time(start, minutes) == expected


def test_end_of_span_is_returned_not_next_start() -> None:
    # Mon 2026-11-23. 09:00 + 540 without lunch → 18:00 that day, not Tue 09:00.
    assert PLAIN.add_working_time(at(2026, 11, 23, 9, 0), 540) == at(2026, 11, 23, 18, 0)
    # 09:00 + 480 with lunch (180 + 300) → 18:00.
    assert LUNCH.add_working_time(at(2026, 11, 23, 9, 0), 480) == at(2026, 11, 23, 18, 0)
    # 09:00 + 180 with lunch → 12:00, not 13:00; 10:00 + 120 likewise.
    assert LUNCH.add_working_time(at(2026, 11, 23, 9, 0), 180) == at(2026, 11, 23, 12, 0)
    assert LUNCH.add_working_time(at(2026, 11, 23, 10, 0), 120) == at(2026, 11, 23, 12, 0)
    # One minute more crosses the break: 13:01.
    assert LUNCH.add_working_time(at(2026, 11, 23, 9, 0), 181) == at(2026, 11, 23, 13, 1)


def test_ten_working_days() -> None:
    # 4800 min = 10 × 480 from Mon 2026-11-02 09:00 (no holidays in November 2026):
    # two full weeks, the last minute ending Fri 2026-11-13 18:00.
    assert LUNCH.add_working_time(at(2026, 11, 2, 9, 0), 4800) == at(2026, 11, 13, 18, 0)


def test_normalisation_rounds_start_up_to_the_minute() -> None:
    # 09:00:01 counts from 09:01, so + 60 → 10:01; 09:00:00 exactly → 10:00.
    assert PLAIN.add_working_time(at(2026, 11, 23, 9, 0, 1), 60) == at(2026, 11, 23, 10, 1)
    assert PLAIN.add_working_time(at(2026, 11, 23, 9, 0), 60) == at(2026, 11, 23, 10, 0)
    # Zero minutes: the normalised start itself, even outside working time.
    assert PLAIN.add_working_time(at(2026, 11, 22, 15, 0, 30), 0) == at(2026, 11, 22, 15, 1)
    # 23:59:30 rounds up to the next day's 00:00.
    assert PLAIN.add_working_time(at(2026, 11, 22, 23, 59, 30), 0) == at(2026, 11, 23, 0, 0)
    # Between uses the same rounding: [09:00:01, 10:00:00) → [09:01, 10:00) = 59 minutes.
    assert PLAIN.working_minutes_between(at(2026, 11, 23, 9, 0, 1), at(2026, 11, 23, 10)) == 59


def test_other_zones_are_converted() -> None:
    # Fri 2026-11-20 09:59 UTC is 17:59 in Shanghai → same as the CRM-5 case.
    due = LUNCH.add_working_time(datetime(2026, 11, 20, 9, 59, tzinfo=UTC), 60)
    assert due == at(2026, 11, 23, 9, 59)
    assert due.tzinfo is SHANGHAI


def test_working_minutes_between_hand_cases() -> None:
    # Fri 2026-11-20 17:00 → Mon 2026-11-23 10:00 = 60 (Fri) + 60 (Mon) = 120.
    a, b = at(2026, 11, 20, 17, 0), at(2026, 11, 23, 10, 0)
    assert LUNCH.working_minutes_between(a, b) == 120
    assert LUNCH.working_minutes_between(b, a) == -120
    assert LUNCH.working_minutes_between(a, a) == 0
    # Mon 11:00 → 14:00 with lunch: 60 + 60 = 120; without: 180.
    assert LUNCH.working_minutes_between(at(2026, 11, 23, 11), at(2026, 11, 23, 14)) == 120
    assert PLAIN.working_minutes_between(at(2026, 11, 23, 11), at(2026, 11, 23, 14)) == 180


def test_large_values_are_fast() -> None:
    # no holidays, 09–18 (540/day, 2700/week). 1,000,000 = 370 weeks (999,000) + 1000.
    # Mon 2024-01-01 09:00 + 370 weeks = Mon 2031-02-03 09:00; Mon takes 540, 460 left →
    # Tue 2031-02-04 09:00 + 7 h 40 = 16:40.
    cal = WorkCalendar(tz=SHANGHAI)
    start = at(2024, 1, 1, 9, 0)
    due = cal.add_working_time(start, 1_000_000)
    assert due == at(2031, 2, 4, 16, 40)
    assert cal.working_minutes_between(start, due) == 1_000_000


def test_calendar_without_working_time_gives_up() -> None:
    # eleven years of holidays must raise, not loop forever.
    first = date(2030, 1, 1)
    all_off = frozenset(first + timedelta(days=n) for n in range(11 * 366))
    cal = WorkCalendar(tz=SHANGHAI, holidays=all_off)
    with pytest.raises(ValueError, match="no working time"):
        cal.add_working_time(at(2030, 1, 1, 9, 0), 1)
    assert cal.working_minutes_between(at(2030, 1, 1), at(2035, 1, 1)) == 0


def test_naive_datetimes_are_rejected() -> None:
    naive = datetime(2026, 11, 23, 9, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="timezone-aware"):
        PLAIN.add_working_time(naive, 60)
    with pytest.raises(ValueError, match="timezone-aware"):
        PLAIN.working_minutes_between(naive, at(2026, 11, 23, 10))
    with pytest.raises(ValueError, match="timezone-aware"):
        PLAIN.working_minutes_between(at(2026, 11, 23, 10), naive)


def test_negative_minutes_are_rejected() -> None:
    with pytest.raises(ValueError, match=">= 0"):
        PLAIN.add_working_time(at(2026, 11, 23, 9, 0), -1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"work_start": time(18), "work_end": time(9)}, "must be before work_end"),
        ({"work_start": time(9), "work_end": time(9)}, "must be before work_end"),
        ({"lunch_start": time(12)}, "both be set"),
        ({"lunch_end": time(13)}, "both be set"),
        ({"lunch_start": time(13), "lunch_end": time(12)}, "must be before lunch_end"),
        ({"lunch_start": time(8), "lunch_end": time(10)}, "within"),
        ({"lunch_start": time(17), "lunch_end": time(19)}, "within"),
        ({"lunch_start": time(9), "lunch_end": time(18)}, "whole working day"),
        ({"work_start": time(9, 0, 30)}, "whole minute"),
    ],
)
def test_invalid_hours_are_rejected(kwargs: dict[str, time], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WorkCalendar(tz=SHANGHAI, **kwargs)  # type: ignore[arg-type]


def test_china_public_calendar_by_year() -> None:
    holidays, workdays = china_public_calendar([2026])
    assert date(2026, 10, 1) in holidays
    assert date(2025, 10, 1) not in holidays
    assert workdays == {d for d in WORKDAYS if d.year == 2026}
    with pytest.raises(ValueError, match="no data"):
        china_public_calendar([max(covered_years()) + 1])


def test_calendar_add() -> None:
    # Calendar-time policies run through nights and holidays alike.
    assert calendar_add(at(2026, 9, 30, 17, 0), 24 * 60) == at(2026, 10, 1, 17, 0)
