"""SLA clocks: one generic clock model for every timed obligation (X-3). Policies are data
an admin edits; a clock is attached to any record through a generic relation."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SlaPolicy(models.Model):
    """How long an obligation may take, counted in calendar or working time."""

    class Basis(models.TextChoices):
        CALENDAR = "calendar", _("Calendar time")
        WORKING = "working", _("Working time (business calendar)")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    basis = models.CharField(
        _("counted in"), max_length=10, choices=Basis.choices, default=Basis.CALENDAR
    )
    target_minutes = models.PositiveIntegerField(
        _("target (minutes)"), validators=[MinValueValidator(1)]
    )
    warning_percent = models.PositiveSmallIntegerField(
        _("warning point (percent of target)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("The owner is warned when this share of the target has elapsed."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(warning_percent__gte=1, warning_percent__lte=99),
                name="%(app_label)s_%(class)s_warning_percent_range",
            ),
            models.CheckConstraint(
                condition=models.Q(target_minutes__gte=1),
                name="%(app_label)s_%(class)s_target_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        from django.utils import translation

        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    @property
    def names(self) -> dict[str, str]:
        """Both names, for notifications rendered later in the recipient's language."""
        return {"zh-hans": self.name, "en": self.name_en or self.name}

    @property
    def warning_minutes(self) -> int:
        return self.target_minutes * self.warning_percent // 100


class SlaEscalationStep(models.Model):
    """Who is notified when a clock has been breached for ``after_minutes`` (0 = at breach)."""

    policy = models.ForeignKey(SlaPolicy, on_delete=models.CASCADE, related_name="steps")
    level = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1)])
    after_minutes = models.PositiveIntegerField(_("minutes after the breach"), default=0)
    notify_owner = models.BooleanField(_("notify the owner"), default=True)
    notify_roles = models.JSONField(_("notify roles"), default=list, blank=True)

    class Meta:
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        ordering = ["policy", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "level"], name="%(app_label)s_%(class)s_one_per_level"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1), name="%(app_label)s_%(class)s_level_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy.code} L{self.level}"


class SlaClock(models.Model):
    """A running obligation on one record. ``next_check_at`` is when the sweep must look at
    it next (warning, breach or escalation); it is null when nothing more can happen."""

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        MET = "met", _("Met")
        CANCELLED = "cancelled", _("Cancelled")

    policy = models.ForeignKey(
        SlaPolicy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="clocks"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sla_clocks",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RUNNING
    )
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"))
    warn_at = models.DateTimeField(_("warn at"), null=True, blank=True)
    # Working (or calendar) minutes already used before the current run, for pause/resume.
    consumed_minutes = models.PositiveIntegerField(default=0)
    target_minutes = models.PositiveIntegerField(_("target (minutes)"))
    run_started_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        ordering = ["due_at", "id"]
        indexes = [
            # The sweep's one query: open clocks whose next event is due (P5).
            models.Index(
                fields=["next_check_at"],
                name="sla_clock_open_next_check",
                condition=models.Q(state="running", next_check_at__isnull=False),
            ),
            models.Index(fields=["content_type", "object_id"], name="sla_clock_target"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "content_type", "object_id"],
                condition=models.Q(state__in=["running", "paused"]),
                name="%(app_label)s_%(class)s_one_open_per_target_and_policy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy.code} #{self.object_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.RUNNING, self.State.PAUSED)

    @property
    def is_breached(self) -> bool:
        return self.breached_at is not None


class SlaPause(models.Model):
    """One interval during which a clock stood still (e.g. waiting for the client)."""

    clock = models.ForeignKey(SlaClock, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField(_("paused at"))
    ended_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("SLA pause")
        verbose_name_plural = _("SLA pauses")
        ordering = ["clock", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["clock"],
                condition=models.Q(ended_at__isnull=True),
                name="%(app_label)s_%(class)s_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clock_id}: {self.started_at.isoformat()}"
