"""Engagements (the engagements issue adds leads, quotations, contracts, plans …)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from engagements.choices import ServiceType, Stage


class Engagement(TimeStampedModel):
    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    service_type = models.CharField(
        _("service type"),
        max_length=20,
        choices=ServiceType.choices,
        default=ServiceType.MANAGEMENT,
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.LEAD)
    project_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_engagements",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="engagements"
    )

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "stage"], name="engagement_client_stage")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
