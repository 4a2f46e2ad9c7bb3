from core.models.base import Heartbeat, TimeStampedModel
from core.models.calendar import CalendarDay, FirmCalendar
from core.models.dashboards import MonthlyFigure
from core.models.exports import ExportJob, ExportSettings
from core.models.notifications import Notification, NotificationPreference
from core.models.sla import SlaClock, SlaEscalationStep, SlaPause, SlaPolicy
from core.models.webhooks import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

__all__ = [
    "CalendarDay",
    "ExportJob",
    "ExportSettings",
    "DeliveryStatus",
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
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
