"""Quality audits (质量检查, QC-6…QC-11): checklist templates scored on 100 points, audits over
one or more engagements, the written opinion and the team's rectification reply, annual
results and reproducible spot-check samples. Firm numbers live in ``AuditSettings``."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel

ZERO = Decimal("0")
HUNDRED = Decimal("100")


class AuditKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    UNSCHEDULED = "unscheduled", _("Unscheduled")
    SPOT_CHECK = "spot_check", _("Spot check")
    SPECIAL = "special", _("Special investigation")


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("Scoring")
    CONCLUDED = "concluded", _("Concluded")


class Grade(models.TextChoices):
    UNQUALIFIED = "unqualified", _("Unqualified")
    QUALIFIED = "qualified", _("Qualified")
    EXCELLENT = "excellent", _("Excellent")


class SamplePopulation(models.TextChoices):
    ENGAGEMENTS = "engagements", _("Engagements")
    DELIVERABLES = "deliverables", _("Deliverables")
    COMPLAINTS = "complaints", _("Complaints")


class AuditSettings(models.Model):
    """One row (pk=1), read through ``audit_settings()``: grade bands (QC-7), the spot-check
    rate (QC-11), the penalty wording for teams below the pass mark (QC-10) and the default
    deadline of corrective actions (QC-13)."""

    qualified_from = models.DecimalField(
        _("qualified from (score)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
        help_text=_("A score below this is unqualified."),
    )
    excellent_above = models.DecimalField(
        _("excellent above (score)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
        help_text=_("A score above this is excellent."),
    )
    sample_percent = models.DecimalField(
        _("spot-check sample (percent)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(HUNDRED)],
    )
    action_due_days = models.PositiveSmallIntegerField(
        _("default action deadline (days)"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("A corrective action opened without a deadline is due after this many days."),
    )
    penalty_text = models.TextField(
        _("penalty for teams below the pass mark"),
        blank=True,
        default="",
        help_text=_("Recorded with the members of each team flagged in the annual results."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit settings")
        verbose_name_plural = _("audit settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(qualified_from__lte=models.F("excellent_above")),
                name="%(app_label)s_%(class)s_bands_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Audit settings"))

    def grade_for(self, score: Decimal | None) -> str:
        """QC-7: < qualified_from unqualified; up to and including excellent_above qualified;
        above it excellent."""
        if score is None:
            return ""
        if score < self.qualified_from:
            return Grade.UNQUALIFIED
        if score <= self.excellent_above:
            return Grade.QUALIFIED
        return Grade.EXCELLENT


def audit_settings() -> AuditSettings:
    return AuditSettings.objects.filter(pk=1).first() or AuditSettings(pk=1)


class ChecklistTemplate(TimeStampedModel):
    """A scoring checklist whose item weights sum to 100 (admin-editable)."""

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=64, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit checklist")
        verbose_name_plural = _("audit checklists")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ChecklistCriterion(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("criterion"), max_length=300)
    weight = models.DecimalField(
        _("weight (points)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(HUNDRED)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist criterion")
        verbose_name_plural = _("checklist criteria")
        ordering = ["template", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gt=0, weight__lte=100),
                name="%(app_label)s_%(class)s_weight_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.weight})"


class Audit(TimeStampedModel):
    """One audit (QC-6) of one or more engagements; concluded with the lowest score (QC-8)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AuditKind.choices)
    title = models.CharField(_("title"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    planned_date = models.DateField(_("planned date"))
    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("checklist"),
        on_delete=models.PROTECT,
        related_name="audits",
    )
    lead_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead auditor"),
        on_delete=models.PROTECT,
        related_name="led_audits",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AuditStatus.choices, default=AuditStatus.PLANNED
    )
    conclusion_score = models.DecimalField(
        _("conclusion score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    conclusion_grade = models.CharField(
        _("conclusion grade"), max_length=20, choices=Grade.choices, blank=True
    )
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-planned_date", "-id"]
        indexes = [models.Index(fields=["status", "planned_date"], name="quality_audit_status")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("quality:audit_detail", args=[self.pk])


class AuditedEngagement(TimeStampedModel):
    """One engagement in an audit: its score, grade, the written opinion to its team and the
    team's rectification reply (QC-9)."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="entries")
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
    )
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    opinion = models.TextField(_("written opinion"), blank=True)
    opinion_sent_at = models.DateTimeField(_("opinion sent at"), null=True, blank=True)
    reply = models.TextField(_("rectification reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audited engagement")
        verbose_name_plural = _("audited engagements")
        ordering = ["audit", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "engagement"], name="%(app_label)s_%(class)s_once_per_audit"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                name="%(app_label)s_%(class)s_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.audit.code} · {self.engagement.code}"

    def get_absolute_url(self) -> str:
        return reverse("quality:audit_detail", args=[self.audit_id])


class CriterionScore(models.Model):
    entry = models.ForeignKey(AuditedEngagement, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ChecklistCriterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["entry", "criterion__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "criterion"], name="%(app_label)s_%(class)s_once"
            ),
            models.CheckConstraint(
                condition=models.Q(points__gte=0), name="%(app_label)s_%(class)s_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


class AnnualResult(TimeStampedModel):
    """A published annual ranking row (QC-10): one per engagement team and year."""

    year = models.PositiveSmallIntegerField(_("year"))
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.PROTECT, related_name="annual_results"
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    rank = models.PositiveIntegerField(_("rank"))
    award = models.BooleanField(_("flagged for award"), default=False)
    reinspect = models.BooleanField(_("re-inspect next year"), default=False)
    members = models.JSONField(_("members recorded"), default=list, blank=True)
    penalty = models.TextField(_("penalty"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual result")
        verbose_name_plural = _("annual results")
        ordering = ["-year", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "engagement"], name="%(app_label)s_%(class)s_once_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} #{self.rank} {self.engagement_id}"


class SpotCheckSample(TimeStampedModel):
    """A drawn sample (QC-11): the seed and the population are stored, so the same sample can
    be drawn again and shown."""

    population = models.CharField(_("population"), max_length=20, choices=SamplePopulation.choices)
    seed = models.BigIntegerField(_("seed"))
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2)
    population_ids = models.JSONField(_("population"), default=list)
    sampled_ids = models.JSONField(_("sampled records"), default=list)
    audit = models.ForeignKey(
        Audit, on_delete=models.SET_NULL, null=True, blank=True, related_name="samples"
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spot-check sample")
        verbose_name_plural = _("spot-check samples")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.population} seed={self.seed}"
