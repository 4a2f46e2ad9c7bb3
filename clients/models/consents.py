"""Consent records (CRM-1, SEC-24): what a person agreed to, under which notice version, when
and how; a withdrawal is a new fact on the same record, never a deletion."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clients.choices import ConsentChannel, ConsentPurpose


class Consent(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=ConsentPurpose.choices)
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    channel = models.CharField(_("channel"), max_length=8, choices=ConsentChannel.choices)
    sensitive_data = models.BooleanField(_("sensitive personal data"), default=False)
    sharing = models.BooleanField(_("sharing with third parties"), default=False)
    cross_border = models.BooleanField(_("cross-border transfer"), default=False)
    granted_at = models.DateTimeField(_("granted at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "purpose", "-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="%(app_label)s_%(class)s_one_active_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.purpose} {self.notice_version}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
