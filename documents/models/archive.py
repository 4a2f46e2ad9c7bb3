"""Archive packages (成果包, DOC-4) and document audits of them (DOC-6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.choices import AuditOutcome, PackageStatus


def package_upload_to(instance: ArchivePackage, filename: str) -> str:
    return f"archives/{instance.engagement_id}/{instance.pk}-{filename}"


class ArchivePackage(models.Model):
    """A ZIP of an engagement's deliverables, records and a checksum manifest, built in
    Celery. ``manifest`` lists every entry with its SHA-256; ``missing`` what the completeness
    check found absent when it was built."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        related_name="archive_packages",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PackageStatus.choices, default=PackageStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=package_upload_to, max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    manifest = models.JSONField(_("manifest"), default=list, blank=True)
    missing = models.JSONField(_("missing items"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("archive package")
        verbose_name_plural = _("archive packages")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status"], name="documents_package_status")]

    def __str__(self) -> str:
        return f"{self.engagement_id} #{self.pk}"


class DocumentAudit(models.Model):
    """One run of the periodic archive check (DOC-6): completeness recomputed and every
    checksum re-verified against the stored bytes."""

    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the scheduled run."),
    )
    packages_checked = models.PositiveIntegerField(_("packages checked"), default=0)
    files_checked = models.PositiveIntegerField(_("files checked"), default=0)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=AuditOutcome.choices, blank=True
    )

    class Meta:
        verbose_name = _("document audit")
        verbose_name_plural = _("document audits")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.started_at:%Y-%m-%d}"


class AuditFinding(models.Model):
    class Kind(models.TextChoices):
        CHECKSUM = "checksum", _("Checksum mismatch")
        MISSING_FILE = "missing_file", _("File missing")
        INCOMPLETE = "incomplete", _("Archive incomplete")

    audit = models.ForeignKey(
        DocumentAudit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="findings"
    )
    package = models.ForeignKey(
        ArchivePackage,
        verbose_name=_("archive package"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    detail = models.CharField(_("detail"), max_length=500)

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["audit", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.detail}"
