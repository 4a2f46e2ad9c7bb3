"""Team (ENG-7), plan with phases and milestones, progress entries (ENG-8), time and expense
entries for cost tracking, and progress reports to the client at an agreed cadence (COM-2)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel


class TeamRole(models.TextChoices):
    """A person's role on one engagement (not their firm role)."""

    PROJECT_MANAGER = "project_manager", _("Project manager")
    DISCIPLINE_LEAD = "discipline_lead", _("Discipline lead")
    CONSULTANT = "consultant", _("Consultant")
    ANALYST = "analyst", _("Analyst")
    ASSISTANT = "assistant", _("Assistant")


class Phase(models.TextChoices):
    """Phases of the work, in the order they run (ENG-8)."""

    RESEARCH = "research", _("Research")
    ANALYSIS = "analysis", _("Analysis")
    SOLUTION_DESIGN = "solution_design", _("Solution design")
    SOLUTION_REVIEW = "solution_review", _("Solution review")
    EXECUTION = "execution", _("Execution")
    DELIVERY = "delivery", _("Delivery")


PHASE_ORDER: tuple[str, ...] = tuple(Phase.values)


def phase_rank() -> models.Case:
    """The phase's position in PHASE_ORDER, for ordering milestones in SQL (the codes
    themselves sort alphabetically, which is not the order the phases run in)."""
    return models.Case(
        *[models.When(phase=code, then=models.Value(i)) for i, code in enumerate(PHASE_ORDER)],
        default=models.Value(len(PHASE_ORDER)),
        output_field=models.PositiveSmallIntegerField(),
    )


class ExpenseKind(models.TextChoices):
    TRAVEL = "travel", _("Travel")
    ACCOMMODATION = "accommodation", _("Accommodation")
    OTHER = "other", _("Other")


class TeamMember(TimeStampedModel):
    """One role of one person on an engagement's team (ENG-7). A person may hold several
    roles; ``Engagement.members`` lists everyone holding at least one."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="team_members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="engagement_roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["engagement", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "user", "role"],
                name="%(app_label)s_%(class)s_one_role_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Milestone(TimeStampedModel):
    """A milestone of one phase with its planned and actual dates and deliverables (ENG-8)."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    title = models.CharField(_("title"), max_length=200)
    planned_date = models.DateField(_("planned date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    deliverables = models.TextField(_("deliverables"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_milestones",
    )
    order = models.PositiveSmallIntegerField(_("order within the phase"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["engagement", "planned_date", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "phase", "title"],
                name="%(app_label)s_%(class)s_title_unique_in_phase",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_complete(self) -> bool:
        return self.actual_date is not None


class ProgressEntry(models.Model):
    """A dated statement of how far a milestone has come (ENG-8). Entries are only ever
    added: a lower percentage than before is a correction with its reason in the note."""

    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        on_delete=models.CASCADE,
        related_name="progress_entries",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["milestone", "-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__gte=0, percent_complete__lte=100),
                name="%(app_label)s_%(class)s_percent_0_to_100",
            ),
        ]
        indexes = [models.Index(fields=["milestone", "-at", "-id"], name="progress_latest")]

    def __str__(self) -> str:
        return f"{self.milestone_id}: {self.percent_complete}%"


class TimeEntry(TimeStampedModel):
    """Hours one person worked on an engagement on one day (cost tracking)."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="time_entries",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("24"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["engagement", "-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24),
                name="%(app_label)s_%(class)s_hours_within_a_day",
            ),
        ]
        indexes = [models.Index(fields=["user", "date"], name="time_entry_user_date")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.date}: {self.hours} h"


class ExpenseEntry(TimeStampedModel):
    """An expense incurred for an engagement (cost tracking)."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="expenses",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=15, choices=ExpenseKind.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["engagement", "-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="%(app_label)s_%(class)s_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class ReportingCadence(TimeStampedModel):
    """How often the client receives a progress report, as agreed with them (COM-2)."""

    engagement = models.OneToOneField(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="reporting_cadence",
    )
    every_days = models.PositiveSmallIntegerField(
        _("every (days)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(366)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting cadence")
        verbose_name_plural = _("reporting cadences")
        ordering = ["engagement"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(every_days__gte=1, every_days__lte=366),
                name="%(app_label)s_%(class)s_every_days_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id}: {self.every_days}"


class ProgressReport(TimeStampedModel):
    """A progress report for a period, sent to the client (COM-2)."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    summary = models.TextField(_("summary"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent to the client at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["engagement", "-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="%(app_label)s_%(class)s_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start} – {self.period_end}"
