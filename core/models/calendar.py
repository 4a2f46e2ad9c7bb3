"""The firm's business calendar: working hours (one row) and day overrides (holidays and
make-up working days 调休) seeded from the chinesecalendar package and editable by admins."""

from __future__ import annotations

from datetime import time

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class FirmCalendar(models.Model):
    """Working hours of the firm. A single row (pk=1); read through ``load_work_calendar``."""

    work_start = models.TimeField(_("working day starts"), default=time(9, 0))
    work_end = models.TimeField(_("working day ends"), default=time(18, 0))
    lunch_start = models.TimeField(
        _("lunch break starts"), null=True, blank=True, default=time(12, 0)
    )
    lunch_end = models.TimeField(_("lunch break ends"), null=True, blank=True, default=time(13, 0))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("firm calendar")
        verbose_name_plural = _("firm calendar")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(work_start__lt=models.F("work_end")),
                name="%(app_label)s_%(class)s_start_before_end",
            ),
            models.CheckConstraint(
                condition=models.Q(lunch_start__isnull=True, lunch_end__isnull=True)
                | models.Q(
                    lunch_start__isnull=False,
                    lunch_end__isnull=False,
                    lunch_start__lt=models.F("lunch_end"),
                    lunch_start__gt=models.F("work_start"),
                    lunch_end__lt=models.F("work_end"),
                ),
                name="%(app_label)s_%(class)s_lunch_inside_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work_start:%H:%M}–{self.work_end:%H:%M}"

    def clean(self) -> None:
        if self.work_start >= self.work_end:
            raise ValidationError(_("The working day must start before it ends."))
        if (self.lunch_start is None) != (self.lunch_end is None):
            raise ValidationError(
                _("Give both the start and the end of the lunch break, or neither.")
            )
        if (
            self.lunch_start
            and self.lunch_end
            and not (self.work_start < self.lunch_start < self.lunch_end < self.work_end)
        ):
            raise ValidationError(_("The lunch break must lie inside the working day."))


class CalendarDay(models.Model):
    """A day that differs from the Monday–Friday rule: a public holiday on a weekday, or a
    weekend day that is worked (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (day off)")
        WORKDAY = "workday", _("Make-up working day")
        # Cancels a package-provided day: the date follows the Monday–Friday rule again.
        ORDINARY = "ordinary", _("Ordinary day (Monday–Friday rule)")

    class Source(models.TextChoices):
        PACKAGE = "package", _("Official calendar package")
        ADMIN = "admin", _("Entered by an administrator")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ADMIN
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"
