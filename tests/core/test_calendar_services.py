"""The firm calendar in the database: seeded from the package, edited by admins, with a
warning when a coming year is not covered (X-3)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.calendar.services import (
    add_working_time,
    calendar_coverage_notify,
    calendar_sync_from_package,
    load_work_calendar,
    uncovered_years,
    working_time_between,
)
from core.models import CalendarDay, FirmCalendar, Notification

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def test_migrate_seeds_holidays_and_make_up_days_from_the_package() -> None:
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).kind == CalendarDay.Kind.HOLIDAY
    assert CalendarDay.objects.get(date=date(2026, 10, 10)).kind == CalendarDay.Kind.WORKDAY
    assert calendar_sync_from_package() == 0  # idempotent


def test_an_admins_days_and_hours_change_the_arithmetic() -> None:
    monday = datetime(2027, 2, 8, 17, 30, tzinfo=SH)
    assert load_work_calendar().add_working_time(monday, 60) == datetime(
        2027, 2, 9, 9, 30, tzinfo=SH
    )
    CalendarDay.objects.create(date=date(2027, 2, 9), kind=CalendarDay.Kind.HOLIDAY, name="春节")
    assert load_work_calendar().add_working_time(monday, 60) == datetime(
        2027, 2, 10, 9, 30, tzinfo=SH
    )
    FirmCalendar.objects.update_or_create(pk=1, defaults={"work_end": "17:30"})
    assert load_work_calendar().add_working_time(monday, 60) == datetime(
        2027, 2, 10, 10, 0, tzinfo=SH
    )


def test_an_admin_can_cancel_a_package_day_and_sync_does_not_bring_it_back() -> None:
    CalendarDay.objects.filter(date=date(2026, 10, 10)).update(
        kind=CalendarDay.Kind.ORDINARY, source="admin"
    )
    calendar_sync_from_package()
    assert not load_work_calendar().is_working_day(date(2026, 10, 10))


def test_admins_are_warned_once_when_next_year_is_not_covered(
    admin_user, consultant
) -> None:
    today = date(2026, 11, 22)
    assert uncovered_years(today=today) == [2027]
    assert calendar_coverage_notify(today=today) == [2027]
    calendar_coverage_notify(today=today)
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [
        ("firm_admin", "calendar_coverage")
    ]
    CalendarDay.objects.create(date=date(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    assert uncovered_years(today=today) == []


def test_the_admin_calendar_page_shows_the_coverage_warning(client, admin_user) -> None:
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.get("/admin/core/calendarday/", follow=True)
    assert response.status_code == 200
    assert "2027" in response.content.decode()


def test_the_hour_based_helpers_use_the_firm_calendar() -> None:  # X-3, CRM-5
    friday = datetime(2026, 11, 20, 17, 59, tzinfo=SH)
    assert add_working_time(friday, 1) == datetime(2026, 11, 23, 9, 59, tzinfo=SH)
    assert add_working_time(friday, 1.5) == datetime(2026, 11, 23, 10, 29, tzinfo=SH)
    assert (
        working_time_between(friday, datetime(2026, 11, 23, 9, 59, tzinfo=SH)).total_seconds()
        == 3600
    )
    with pytest.raises(ValueError, match="whole number of minutes"):
        add_working_time(friday, 0.001)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/core/firmcalendar/",
        "/admin/core/slapolicy/",
        "/admin/engagements/monitoringsettings/",
        "/admin/engagements/followupsettings/",
    ],
)
def test_admins_edit_the_firm_settings_in_the_admin(client, admin_user, path) -> None:
    """Firm-specific numbers are settings an admin edits (SLA, calendar, monitoring, follow-up)."""
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.get(path).status_code == 200
    assert client.get(path + "add/").status_code == 200  # no row yet: the one row can be added
