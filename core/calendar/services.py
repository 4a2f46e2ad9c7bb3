"""Loading the firm's calendar from the database, seeding it from the chinesecalendar
package, and telling admins when a coming year is not covered yet (X-3)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.calendar.engine import WorkCalendar, china_public_calendar, covered_years
from core.models import CalendarDay, FirmCalendar


def firm_calendar() -> FirmCalendar:
    return FirmCalendar.objects.filter(pk=1).first() or FirmCalendar(pk=1)


def load_work_calendar() -> WorkCalendar:
    """The calendar every SLA computation uses: working hours plus day overrides (2 queries)."""
    return work_calendar(firm_calendar(), CalendarDay.objects.values_list("date", "kind"))


def work_calendar(hours: FirmCalendar, days: Iterable[tuple[date, str]]) -> WorkCalendar:
    """The calendar from the firm's working hours and its (date, kind) day overrides."""
    holidays: set[date] = set()
    workdays: set[date] = set()
    for day, kind in days:
        if kind == CalendarDay.Kind.HOLIDAY:
            holidays.add(day)
        elif kind == CalendarDay.Kind.WORKDAY:
            workdays.add(day)
    return WorkCalendar(
        tz=ZoneInfo(settings.TIME_ZONE),
        work_start=hours.work_start,
        work_end=hours.work_end,
        lunch_start=hours.lunch_start,
        lunch_end=hours.lunch_end,
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
    )


@transaction.atomic
def calendar_sync_from_package() -> int:
    """Add the package's holidays and make-up days that the firm calendar does not have yet.
    Existing rows (including an admin's "ordinary day" cancellations) are never overwritten."""
    holidays, workdays = china_public_calendar()
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    rows = [
        CalendarDay(date=d, kind=CalendarDay.Kind.HOLIDAY, source=CalendarDay.Source.PACKAGE)
        for d in sorted(holidays - existing)
    ] + [
        CalendarDay(date=d, kind=CalendarDay.Kind.WORKDAY, source=CalendarDay.Source.PACKAGE)
        for d in sorted(workdays - existing)
    ]
    if rows:
        bulk_create_with_history(rows, CalendarDay, batch_size=500)
    return len(rows)


def uncovered_years(*, today: date | None = None) -> list[int]:
    """This year and next, where neither the package nor an admin has entered holidays."""
    today = today or timezone.localdate()
    known = set(covered_years())
    known |= set(
        CalendarDay.objects.filter(kind=CalendarDay.Kind.HOLIDAY, source=CalendarDay.Source.ADMIN)
        .values_list("date__year", flat=True)
        .distinct()
    )
    return [year for year in (today.year, today.year + 1) if year not in known]


def calendar_coverage_notify(*, today: date | None = None) -> list[int]:
    """Tell the administrators, once per year, that a coming year has no holidays yet."""
    from core.notifications.services import Event, notify_many
    from staff.choices import Role
    from staff.models import User

    years = uncovered_years(today=today)
    if years:
        admins = tuple(
            User.objects.filter(is_active=True, client__isnull=True)
            .filter(models.Q(is_superuser=True) | models.Q(groups__name=Role.ADMIN))
            .distinct()
        )
        link = reverse("admin:core_calendarday_changelist")
        notify_many(
            [
                Event(
                    "calendar_coverage", f"calendar:coverage:{year}", admins, {"year": year}, link
                )
                for year in years
            ]
        )
    return years


def add_working_time(start: datetime, hours: Decimal | int | float) -> datetime:
    """The instant when ``hours`` of the firm's working time have passed after ``start``
    (whole minutes; a fraction of a minute is refused rather than rounded silently)."""
    minutes = Decimal(str(hours)) * 60
    if minutes != minutes.to_integral_value():
        raise ValueError(f"{hours} hours is not a whole number of minutes")
    return load_work_calendar().add_working_time(start, int(minutes))


def working_time_between(a: datetime, b: datetime) -> timedelta:
    """Working time of the firm between two instants (negative when ``b`` is before ``a``)."""
    return timedelta(minutes=load_work_calendar().working_minutes_between(a, b))
