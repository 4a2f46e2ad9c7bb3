from core.models.base import Heartbeat, TimeStampedModel
from core.models.calendar import CalendarDay, FirmCalendar
from core.models.dashboards import MonthlyFigure
from core.models.exports import ExportJob, ExportSettings
from core.models.notifications import Notification, NotificationPreference
from core.models.sla import SlaClock, SlaEscalationStep, SlaPause, SlaPolicy

__all__ = [
    "CalendarDay",
    "ExportJob",
    "ExportSettings",
    "FirmCalendar",
    "Heartbeat",
    "MonthlyFigure",
    "Notification",
    "NotificationPreference",
    "SlaClock",
    "SlaEscalationStep",
    "SlaPause",
    "SlaPolicy",
    "TimeStampedModel",
]
