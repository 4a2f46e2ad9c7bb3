"""Support requests and enquiries (CRM-5): raised by a client in the portal or logged by staff
from the hotline or an e-mail; first feedback within 24 h and initial handling within 72 h,
an enquiry answered within one working hour (SLA policies ``support_first_feedback``,
``support_initial_handling``, ``enquiry_answer``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clients.choices import SupportChannel, SupportKind, SupportStatus
from core.models import TimeStampedModel


class SupportRequest(TimeStampedModel):
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_requests",
    )
    reference = models.CharField(_("reference"), max_length=24, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=SupportKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=SupportChannel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=SupportStatus.choices, default=SupportStatus.OPEN
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contact_name = models.CharField(_("client contact"), max_length=100, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received at"))
    first_feedback_at = models.DateTimeField(_("first feedback at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    purged_at = models.DateTimeField(_("personal data purged at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["client", "-received_at"], name="clients_support_client"),
            models.Index(fields=["status", "-received_at"], name="clients_support_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=SupportStatus.RESOLVED)
                | models.Q(resolved_at__isnull=True),
                name="%(app_label)s_%(class)s_resolved_at_only_when_resolved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def get_absolute_url(self) -> str:
        """The staff page: where an SLA warning or breach links to."""
        from django.urls import reverse

        return reverse("clients:support_request", args=[self.pk])

    @property
    def is_enquiry(self) -> bool:
        return self.kind == SupportKind.ENQUIRY


class SupportReply(models.Model):
    """A message on a support request, from the client or from staff (staff may keep a note
    internal; the client never sees those)."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField(_("message"))
    internal = models.BooleanField(_("internal note"), default=False)
    from_client = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support reply")
        verbose_name_plural = _("support replies")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(internal=True) & models.Q(from_client=True)),
                name="%(app_label)s_%(class)s_client_never_internal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.created_at:%Y-%m-%d %H:%M}"
