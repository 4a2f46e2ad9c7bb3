"""Engagements (the engagements issue adds leads, quotations, contracts, plans …)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from engagements.choices import Channel, LeadSource, ServiceType, Stage


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
    # Lead intake (ENG-1)
    source = models.CharField(
        _("source"), max_length=20, choices=LeadSource.choices, default=LeadSource.ENQUIRY
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    contact_name = models.CharField(_("contact"), max_length=100, blank=True)
    contact_details = models.CharField(_("contact details"), max_length=200, blank=True)
    question = models.TextField(_("question"), blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    is_major = models.BooleanField(_("major engagement"), default=False)
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # The stage to return to when an engagement on hold resumes.
    held_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "stage"], name="engagement_client_stage")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("engagements:detail", args=[self.pk])
