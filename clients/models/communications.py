"""Communication records (CRM-7): every exchange with a client, logged and kept with the
client and, where it concerns one, the engagement."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clients.choices import CommunicationChannel, CommunicationDirection


class CommunicationRecord(models.Model):
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="communications",
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communications",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=CommunicationChannel.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=CommunicationDirection.choices
    )
    occurred_at = models.DateTimeField(_("when"))
    contact_name = models.CharField(_("client contact"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    summary = models.TextField(_("summary"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    purged_at = models.DateTimeField(_("personal data purged at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("communication record")
        verbose_name_plural = _("communication records")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["client", "-occurred_at"], name="clients_comm_client"),
            models.Index(fields=["engagement", "-occurred_at"], name="clients_comm_engagement"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.subject}"
