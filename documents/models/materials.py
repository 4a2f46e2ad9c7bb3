"""Client materials in the firm's custody (DOC-5): registered on receipt, returned or destroyed
within the policy's time after the service ends (an SLA clock), with a certificate; a copy is
kept only with the client's written consent on record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from documents.choices import MaterialForm, MaterialStatus


class ClientMaterial(TimeStampedModel):
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        related_name="client_materials",
    )
    description = models.CharField(_("description"), max_length=300)
    form = models.CharField(_("form"), max_length=12, choices=MaterialForm.choices)
    quantity = models.CharField(_("quantity"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("received at"))
    received_from = models.CharField(_("received from"), max_length=150)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MaterialStatus.choices, default=MaterialStatus.HELD
    )
    service_ended_at = models.DateTimeField(_("service ended at"), null=True, blank=True)
    # Return or destruction (who, when, how) and its certificate.
    disposed_at = models.DateTimeField(_("returned or destroyed at"), null=True, blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returned or destroyed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    disposal_method = models.CharField(_("how"), max_length=300, blank=True)
    counterparty = models.CharField(_("handed to / witnessed by"), max_length=150, blank=True)
    certificate_number = models.CharField(
        _("certificate number"), max_length=40, blank=True, db_index=True
    )
    # Keeping a copy (DOC-5): only with the client's written consent on record.
    copy_kept = models.BooleanField(_("copy kept"), default=False)
    consent_reference = models.CharField(_("client's written consent"), max_length=300, blank=True)
    consent_given_by = models.CharField(_("consent given by"), max_length=150, blank=True)
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("client material")
        verbose_name_plural = _("client materials")
        ordering = ["engagement", "received_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(copy_kept=False) | ~models.Q(consent_reference=""),
                name="%(app_label)s_%(class)s_copy_needs_consent",
            ),
            models.CheckConstraint(
                condition=models.Q(status=MaterialStatus.HELD)
                | (models.Q(disposed_at__isnull=False) & ~models.Q(certificate_number="")),
                name="%(app_label)s_%(class)s_disposal_recorded",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def has_consent(self) -> bool:
        return bool(self.consent_reference)
