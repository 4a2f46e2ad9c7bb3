"""Precomputed monthly figures for the dashboards (P8): aggregates over very large tables
(a million survey answers, a million SLA clocks) are refreshed by Celery beat, so a
dashboard reads a few dozen rows instead of scanning them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureMetric(models.TextChoices):
    CSAT = "csat", _("Client satisfaction")
    SLA = "sla", _("SLA performance")
    ENGAGEMENTS = "engagements", _("New engagements")


class MonthlyFigure(models.Model):
    """One metric for one month: ``count`` events, ``total`` summed (e.g. scores) and ``hits``
    among them (e.g. satisfied answers, clocks met on time), ``misses`` (e.g. breaches)."""

    metric = models.CharField(_("metric"), max_length=16, choices=FigureMetric.choices)
    month = models.DateField(_("month"))
    count = models.PositiveBigIntegerField(_("count"), default=0)
    total = models.BigIntegerField(_("total"), default=0)
    hits = models.PositiveBigIntegerField(_("hits"), default=0)
    misses = models.PositiveBigIntegerField(_("misses"), default=0)
    refreshed_at = models.DateTimeField(_("refreshed at"), auto_now=True)

    class Meta:
        verbose_name = _("monthly figure")
        verbose_name_plural = _("monthly figures")
        ordering = ["metric", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "month"], name="%(app_label)s_%(class)s_one_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.month:%Y-%m}: {self.count}"
