"""A document of an engagement (or of the firm) and its versions.

Every upload is a new :class:`DocumentVersion`; a saved version is never changed (DOC-2), so a
signed review of it (QC-2, X-2) stays verifiable. Deliverables are documents with
``is_deliverable`` set: their current version is what the three-level review passes (ENG-10).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from documents.choices import Confidentiality, DeliverableType
from engagements.choices import ServiceType, Stage


class Document(TimeStampedModel):
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Empty for a firm document."),
    )
    code = models.CharField(_("document code"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    is_deliverable = models.BooleanField(_("deliverable"), default=False)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
    )
    # Classification (DOC-1): stage, the client requirement it answers, the service content
    # and the deliverable type; the code is generated from the naming convention.
    project_stage = models.CharField(
        _("project stage"), max_length=20, choices=Stage.choices, blank=True
    )
    client_requirement = models.CharField(_("client requirement"), max_length=200, blank=True)
    service_content = models.CharField(
        _("service content"), max_length=20, choices=ServiceType.choices, blank=True
    )
    deliverable_type = models.CharField(
        _("document type"),
        max_length=20,
        choices=DeliverableType.choices,
        default=DeliverableType.OTHER,
    )
    current_version = models.ForeignKey(
        "documents.DocumentVersion",
        verbose_name=_("current version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["engagement", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidentiality__in=Confidentiality.values),
                name="%(app_label)s_%(class)s_confidentiality_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


def version_upload_to(instance: DocumentVersion, filename: str) -> str:
    # The stored name never comes from the client: a random name under the document's id.
    return f"documents/{instance.document_id}/{uuid.uuid4().hex}"


class DocumentVersion(models.Model):
    """One immutable upload of a document (DOC-2)."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=version_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    change_note = models.TextField(_("change note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="%(app_label)s_%(class)s_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="%(app_label)s_%(class)s_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.code} v{self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("A document version is immutable; upload a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("A document version is immutable and cannot be deleted.")
