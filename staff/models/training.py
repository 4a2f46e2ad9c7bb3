"""Training (STF-2): annual, quarterly and monthly plans with target hours per person,
sessions with attendance and hours, onboarding programmes for new staff and mentoring pairs."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from staff.choices import PlanPeriod


class TrainingPlan(TimeStampedModel):
    """A plan for a period with the hours each participant should reach."""

    title = models.CharField(_("title"), max_length=200)
    period = models.CharField(_("period"), max_length=10, choices=PlanPeriod.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    target_hours = models.DecimalField(
        _("target hours per person"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("40"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        blank=True,
        related_name="training_plans",
    )
    description = models.TextField(_("content"), blank=True)

    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TrainingSession(TimeStampedModel):
    """One session held under a plan, with its length in hours."""

    plan = models.ForeignKey(
        TrainingPlan,
        verbose_name=_("training plan"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    trainer = models.CharField(_("trainer"), max_length=100, blank=True)
    is_onboarding = models.BooleanField(_("part of onboarding"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24),
                name="%(app_label)s_%(class)s_hours_within_a_day",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(TimeStampedModel):
    """A person's attendance at a session; the hours count towards the plan."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="training_attendances",
    )
    hours = models.DecimalField(
        _("hours attended"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="%(app_label)s_%(class)s_once_per_session"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0, hours__lte=24),
                name="%(app_label)s_%(class)s_hours_within_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.session}"


class OnboardingTask(TimeStampedModel):
    """One item of a new member of staff's onboarding programme."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("new member of staff"),
        on_delete=models.CASCADE,
        related_name="onboarding_tasks",
    )
    title = models.CharField(_("item"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("onboarding item")
        verbose_name_plural = _("onboarding items")
        ordering = ["user", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "title"], name="%(app_label)s_%(class)s_title_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MentorPair(TimeStampedModel):
    """A mentor and a mentee (导师制) for a period with their goals."""

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="mentees_of",
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="mentors_of",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    goals = models.TextField(_("goals"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")),
                name="%(app_label)s_%(class)s_not_own_mentor",
            ),
            models.UniqueConstraint(
                fields=["mentor", "mentee", "starts_on"],
                name="%(app_label)s_%(class)s_once_per_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"
