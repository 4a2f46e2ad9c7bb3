"""Pure-Python business calendar (working days and hours) for service-level clocks."""

from core.calendar.engine import (
    WorkCalendar,
    calendar_add,
    china_public_calendar,
    covered_years,
)

__all__ = ["WorkCalendar", "calendar_add", "china_public_calendar", "covered_years"]
