"""Report jobs: a request for one PDF report, rendered by a Celery worker on the ``reports``
queue; the result is stored as a document version (with its SHA-256) in the documents app."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.reports.choices import JobStatus, ReportKind


class ReportSettings(models.Model):
    """The firm's report settings: one row (pk=1), read through ``report_settings()``."""

    firm_name = models.CharField(
        _("firm name (Chinese)"), max_length=200, default="EngageQC 咨询有限公司"
    )
    firm_name_en = models.CharField(
        _("firm name (English)"), max_length=200, default="EngageQC Consulting Ltd."
    )
    lowest_count = models.PositiveSmallIntegerField(
        _("lowest-scoring engagements listed"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    top_risks_count = models.PositiveSmallIntegerField(
        _("top risks listed"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="%(app_label)s_%(class)s_singleton"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Report settings"))

    def firm_for(self, language: str) -> str:
        return (
            self.firm_name_en if language.startswith("en") and self.firm_name_en else self.firm_name
        )


def report_settings() -> ReportSettings:
    return ReportSettings.objects.filter(pk=1).first() or ReportSettings(pk=1)


class ReportJob(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    # The report's inputs: {"start": "2026-01-01", "end": "2026-04-01"} or {"object_id": 12}.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="report_jobs",
    )
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.ForeignKey(
        "documents.DocumentVersion",
        verbose_name=_("result"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["progress"])

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(
                fields=["requested_by", "-requested_at"], name="reports_job_requester_idx"
            ),
            models.Index(fields=["status"], name="reports_job_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ReportKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=JobStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_percent",
            ),
            # A finished job has its file and checksum.
            models.CheckConstraint(
                condition=~models.Q(status=JobStatus.DONE)
                | (models.Q(version__isnull=False) & ~models.Q(sha256="")),
                name="%(app_label)s_%(class)s_done_has_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
