"""The firm's numbers for client relations: one row (pk=1), read through
``relations_settings()``. SLA targets of complaints live in core's SLA policies."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RelationsSettings(models.Model):
    attachment_max_mb = models.PositiveSmallIntegerField(
        _("largest complaint attachment (MB)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    survey_link_days = models.PositiveSmallIntegerField(
        _("survey link valid for (days)"),
        default=21,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    survey_reminder_days = models.PositiveSmallIntegerField(
        _("survey reminder after (days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    survey_max_reminders = models.PositiveSmallIntegerField(
        _("survey reminders at most"), default=2, validators=[MaxValueValidator(10)]
    )
    low_score_threshold = models.DecimalField(
        _("low score: mean at or below (1–5)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("2.50"),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(5))],
    )
    satisfied_from = models.PositiveSmallIntegerField(
        _("an answer counts as satisfied from (1–5)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("client relations settings")
        verbose_name_plural = _("client relations settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="%(app_label)s_%(class)s_singleton"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Client relations settings"))


def relations_settings() -> RelationsSettings:
    return RelationsSettings.objects.filter(pk=1).first() or RelationsSettings(pk=1)
