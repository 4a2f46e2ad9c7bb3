"""Complaints (CRM-3): from the portal or logged by staff, classified by nature and severity,
answered in replies, timed by SLA clocks, closed by the client's confirmation or reopened."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clients.choices import (
    ComplaintChannel,
    ComplaintNature,
    ComplaintSeverity,
    ComplaintStatus,
    ReplyKind,
)
from core.models import TimeStampedModel


class Complaint(TimeStampedModel):
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    reference = models.CharField(_("reference"), max_length=24, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=ComplaintChannel.choices)
    nature = models.CharField(_("nature"), max_length=12, choices=ComplaintNature.choices)
    severity = models.CharField(
        _("severity"),
        max_length=10,
        choices=ComplaintSeverity.choices,
        default=ComplaintSeverity.GENERAL,
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.SUBMITTED,
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contact_name = models.CharField(_("client contact"), max_length=100, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received at"))
    responded_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    analysed_at = models.DateTimeField(_("initial analysis at"), null=True, blank=True)
    process_problem = models.BooleanField(_("process problem found"), default=False)
    feedback_at = models.DateTimeField(_("feedback at"), null=True, blank=True)
    rectified_at = models.DateTimeField(_("process rectified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    purged_at = models.DateTimeField(_("personal data purged at"), null=True, blank=True)
    # P3: a portal complaint's POST leaves its SLA clocks, the webhook event and the desk's
    # notifications to a task published on commit; this marks the complaints still waiting
    # for that intake (the intake sweep picks up any whose publish was lost). Rows written
    # by plain SQL get the database default: nothing pending.
    intake_pending = models.BooleanField(default=False, db_default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["intake_pending"])

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["client", "-received_at"], name="clients_complaint_client"),
            models.Index(
                fields=["id"],
                condition=models.Q(intake_pending=True),
                name="clients_complaint_intake",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=ComplaintStatus.CLOSED)
                | models.Q(closed_at__isnull=True),
                name="%(app_label)s_%(class)s_closed_at_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def get_absolute_url(self) -> str:
        """The staff page: where an SLA warning or breach links to."""
        from django.urls import reverse

        return reverse("clients:complaint", args=[self.pk])

    @property
    def is_serious(self) -> bool:
        return self.severity == ComplaintSeverity.SERIOUS


class ComplaintReply(models.Model):
    """A message on a complaint. Staff replies mark the steps of CRM-3 (first response,
    analysis, feedback, rectification); internal notes are never shown to the client."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=14, choices=ReplyKind.choices)
    body = models.TextField(_("message"))
    internal = models.BooleanField(_("internal note"), default=False)
    from_client = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("complaint reply")
        verbose_name_plural = _("complaint replies")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(internal=True) & models.Q(from_client=True)),
                name="%(app_label)s_%(class)s_client_never_internal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.kind}"


def attachment_upload_to(instance: ComplaintAttachment, filename: str) -> str:
    # A random stored name: the client's file name is kept only as data (SEC-17).
    suffix = PurePath(filename).suffix.lower()
    return f"complaints/{uuid.uuid4().hex}{suffix}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("complaint attachment")
        verbose_name_plural = _("complaint attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name
