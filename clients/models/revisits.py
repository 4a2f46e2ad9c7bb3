"""Revisits (CRM-6): relationship maintenance by phone, e-mail or on-site visit, planned per
client (and engagement) and logged with the outcome, new opportunities and value-added
services offered. Logging the revisit of an engagement meets its follow-up obligation
(ENG-12)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clients.choices import RevisitMethod, RevisitStatus
from core.models import TimeStampedModel


class Revisit(TimeStampedModel):
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="revisits",
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisits",
    )
    method = models.CharField(_("method"), max_length=10, choices=RevisitMethod.choices)
    planned_date = models.DateField(_("planned for"))
    purpose = models.CharField(_("purpose"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RevisitStatus.choices, default=RevisitStatus.PLANNED
    )
    contact_name = models.CharField(_("client contact"), max_length=100, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    opportunities = models.TextField(_("new opportunities"), blank=True)
    value_added_services = models.TextField(_("value-added services offered"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    obligation = models.ForeignKey(
        "engagements.FollowUpObligation",
        verbose_name=_("follow-up obligation met"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("revisit")
        verbose_name_plural = _("revisits")
        ordering = ["planned_date", "id"]
        indexes = [
            models.Index(fields=["status", "planned_date"], name="clients_revisit_status"),
            models.Index(fields=["client", "planned_date"], name="clients_revisit_client"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=RevisitStatus.DONE) | models.Q(done_at__isnull=True),
                name="%(app_label)s_%(class)s_done_at_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.get_method_display()} {self.planned_date}"
