"""Quality objectives and KPIs (QC-12), corrective and preventive actions with PDCA (QC-13,
IMP-2), improvement initiatives (IMP-1) and the case library (IMP-3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel


class KpiDirection(models.TextChoices):
    AT_LEAST = "at_least", _("Higher is better (at least the target)")
    AT_MOST = "at_most", _("Lower is better (at most the target)")


class KpiStatus(models.TextChoices):
    OK = "ok", _("On target")
    WARNING = "warning", _("Warning")
    BREACH = "breach", _("Breached")
    NO_DATA = "no_data", _("No data")


class PdcaStage(models.TextChoices):
    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    CHECK = "check", _("Check")
    ACT = "act", _("Act")
    CLOSED = "closed", _("Closed")


class ActionKind(models.TextChoices):
    CORRECTIVE = "corrective", _("Corrective")
    PREVENTIVE = "preventive", _("Preventive")


class ActionSource(models.TextChoices):
    REVIEW_FINDING = "review_finding", _("Review finding")
    AUDIT = "audit", _("Audit nonconformity")
    FAILED_ACCEPTANCE = "failed_acceptance", _("Failed acceptance")
    COMPLAINT = "complaint", _("Complaint root cause")
    SURVEY = "survey", _("Low survey score")
    INCIDENT = "incident", _("Incident")
    KPI = "kpi", _("KPI breach")
    FOLLOW_UP = "follow_up", _("Follow-up problem")
    OTHER = "other", _("Other")


class ProblemNature(models.TextChoices):
    QUALITY = "quality", _("Deliverable quality")
    PROCESS = "process", _("Process")
    SERVICE = "service", _("Service attitude")
    SCHEDULE = "schedule", _("Schedule")
    COMMUNICATION = "communication", _("Communication")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    GENERAL = "general", _("General")
    MAJOR = "major", _("Major")
    SEVERE = "severe", _("Severe")


class KpiObjective(TimeStampedModel):
    """A quality objective (质量目标) with its target and warning threshold, computed by the
    calculator registered under ``calculator`` over the last ``window_days``."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    calculator = models.CharField(_("calculator"), max_length=64)
    unit = models.CharField(_("unit"), max_length=16, default="%")
    direction = models.CharField(
        _("direction"), max_length=10, choices=KpiDirection.choices, default=KpiDirection.AT_LEAST
    )
    target = models.DecimalField(_("target"), max_digits=10, decimal_places=2)
    warning = models.DecimalField(
        _("warning threshold"),
        max_digits=10,
        decimal_places=2,
        help_text=_("Between the target and this value the KPI is in warning."),
    )
    window_days = models.PositiveSmallIntegerField(_("window (days)"), default=90)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    last_value = models.DecimalField(
        _("last value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    last_status = models.CharField(
        _("status"), max_length=10, choices=KpiStatus.choices, default=KpiStatus.NO_DATA
    )
    last_evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality objective")
        verbose_name_plural = _("quality objectives")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    def status_for(self, value: object) -> str:
        if value is None:
            return KpiStatus.NO_DATA
        if self.direction == KpiDirection.AT_LEAST:
            if value >= self.target:  # type: ignore[operator]
                return KpiStatus.OK
            return KpiStatus.WARNING if value >= self.warning else KpiStatus.BREACH  # type: ignore[operator]
        if value <= self.target:  # type: ignore[operator]
            return KpiStatus.OK
        return KpiStatus.WARNING if value <= self.warning else KpiStatus.BREACH  # type: ignore[operator]


class KpiMeasurement(models.Model):
    """One evaluation of an objective (the trend)."""

    objective = models.ForeignKey(
        KpiObjective, on_delete=models.CASCADE, related_name="measurements"
    )
    measured_at = models.DateTimeField(_("measured at"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True)
    status = models.CharField(_("status"), max_length=10, choices=KpiStatus.choices)

    class Meta:
        verbose_name = _("KPI measurement")
        verbose_name_plural = _("KPI measurements")
        ordering = ["objective", "-measured_at"]
        indexes = [models.Index(fields=["objective", "-measured_at"], name="quality_kpi_trend")]

    def __str__(self) -> str:
        return f"{self.objective_id} {self.value}"


class KpiBreach(models.Model):
    """An open breach is raised once and stays until the KPI is back on target (QC-12)."""

    objective = models.ForeignKey(KpiObjective, on_delete=models.CASCADE, related_name="breaches")
    opened_at = models.DateTimeField(_("opened at"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KPI breach")
        verbose_name_plural = _("KPI breaches")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective"],
                condition=models.Q(cleared_at__isnull=True),
                name="%(app_label)s_%(class)s_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective} @ {self.opened_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("quality:kpi_dashboard")


class CorrectiveAction(TimeStampedModel):
    """A corrective or preventive action (整改/CAPA) through PDCA (QC-13); a problem found at
    follow-up carries its nature and severity and its progress reports to the client (IMP-2)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=ActionKind.choices, default=ActionKind.CORRECTIVE
    )
    source_kind = models.CharField(_("source"), max_length=20, choices=ActionSource.choices)
    source_text = models.TextField(_("problem"))
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_actions",
    )
    title = models.CharField(_("title"), max_length=200)
    nature = models.CharField(
        _("nature"), max_length=20, choices=ProblemNature.choices, default=ProblemNature.QUALITY
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.GENERAL
    )
    department = models.CharField(_("responsible department"), max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="quality_actions",
    )
    due_date = models.DateField(_("deadline"))
    target = models.TextField(_("target"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=10, choices=PdcaStage.choices, default=PdcaStage.PLAN
    )
    plan = models.TextField(_("plan (measures)"), blank=True)
    done_note = models.TextField(_("what was done"), blank=True)
    check_note = models.TextField(_("effectiveness check"), blank=True)
    effective = models.BooleanField(_("effective"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["stage", "due_date"], name="quality_action_stage_due")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(stage="closed") | models.Q(closed_at__isnull=False),
                name="%(app_label)s_%(class)s_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("quality:action_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage != PdcaStage.CLOSED


class ActionProgress(models.Model):
    """A progress note on an action; IMP-2 progress is reported to the client until solved."""

    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="progress")
    at = models.DateTimeField(_("at"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"))
    reported_to_client = models.BooleanField(_("reported to the client"), default=False)

    class Meta:
        verbose_name = _("action progress")
        verbose_name_plural = _("action progress")
        ordering = ["action", "at", "id"]

    def __str__(self) -> str:
        return f"{self.action_id} @ {self.at:%Y-%m-%d}"


class Initiative(TimeStampedModel):
    """A process improvement initiative from a periodic evaluation, tracked with PDCA (IMP-1)."""

    title = models.CharField(_("title"), max_length=200)
    process_area = models.CharField(_("process area"), max_length=100, blank=True)
    evaluation = models.TextField(_("evaluation finding"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="quality_initiatives",
    )
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=10, choices=PdcaStage.choices, default=PdcaStage.PLAN
    )
    plan = models.TextField(_("plan"), blank=True)
    done_note = models.TextField(_("what was done"), blank=True)
    check_note = models.TextField(_("check"), blank=True)
    act_note = models.TextField(_("standardised / next cycle"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("improvement initiative")
        verbose_name_plural = _("improvement initiatives")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class CaseEntry(TimeStampedModel):
    """A case in the library (案例库, IMP-3), drawn from a closed engagement."""

    engagement = models.OneToOneField(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        related_name="case_entry",
    )
    title = models.CharField(_("title"), max_length=200)
    service_type = models.CharField(_("service type"), max_length=20)
    industry = models.CharField(_("client industry"), max_length=100, blank=True)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    summary = models.TextField(_("summary"))
    lessons = models.TextField(_("lessons learned"))
    tags = models.CharField(_("keywords"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("case library")
        ordering = ["-period_end", "-id"]
        indexes = [models.Index(fields=["service_type", "industry"], name="quality_case_class")]

    def __str__(self) -> str:
        return self.title
