"""Export jobs (exports too large for a request run in Celery, P9) and the firm's export
settings (one row, pk=1)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportSettings(models.Model):
    async_threshold = models.PositiveIntegerField(
        _("exports over this many rows run in the background"),
        default=10_000,
        validators=[MinValueValidator(1), MaxValueValidator(10_000_000)],
    )
    keep_days = models.PositiveSmallIntegerField(
        _("keep finished export files for (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    class Meta:
        verbose_name = _("export settings")
        verbose_name_plural = _("export settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="%(app_label)s_%(class)s_singleton"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Export settings"))


def export_settings() -> ExportSettings:
    return ExportSettings.objects.filter(pk=1).first() or ExportSettings(pk=1)


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """One background export. Its file is served only to ``requested_by`` (SEC-18 view)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("requested by"),
    )
    list_key = models.CharField(_("list"), max_length=64)
    params = models.TextField(_("filters"), blank=True)
    file_format = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    language = models.CharField(_("language"), max_length=16)
    status = models.CharField(
        _("status"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    total = models.PositiveIntegerField(_("rows expected"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    result = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["finished_at"], name="core_exportjob_finished_idx")]

    def __str__(self) -> str:
        return f"{self.list_key}.{self.file_format} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)
