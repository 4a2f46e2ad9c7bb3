"""Firm-wide numbers for engagement monitoring (ENG-9) that an admin edits."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MonitoringSettings(models.Model):
    """One row (pk=1); read through ``monitoring_settings()``."""

    hourly_cost_rate = models.DecimalField(
        _("internal cost per hour (CNY)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("500.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Turns logged hours into cost for the cost overrun rate."),
    )
    schedule_deviation_warning = models.PositiveSmallIntegerField(
        _("schedule deviation warning (percent)"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_("Warn when more than this share of the milestones due so far are late."),
    )
    cost_overrun_warning = models.PositiveSmallIntegerField(
        _("cost overrun warning (percent)"),
        default=10,
        validators=[MaxValueValidator(1000)],
        help_text=_("Warn when actual cost exceeds the budget by more than this share."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")

    def __str__(self) -> str:
        return str(_("Monitoring settings"))


def monitoring_settings() -> MonitoringSettings:
    return MonitoringSettings.objects.filter(pk=1).first() or MonitoringSettings(pk=1)
