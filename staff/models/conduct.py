"""Conduct and ethics (STF-5): each team member's independence and conflict-of-interest
declaration per engagement, and violations with their outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from staff.choices import ViolationOutcome


class Declaration(TimeStampedModel):
    """A person confirms they are independent of the client and discloses any conflict.
    A disclosed conflict needs clearing by a QA manager before the person may work."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="declarations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="declarations",
    )
    independent = models.BooleanField(_("I am independent of the client"))
    conflicts = models.TextField(_("conflicts of interest disclosed"), blank=True)
    declared_at = models.DateTimeField(_("declared at"))
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cleared by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["engagement", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "user"], name="%(app_label)s_%(class)s_once_per_member"
            ),
            models.CheckConstraint(
                condition=models.Q(independent=True), name="%(app_label)s_%(class)s_independent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.engagement_id}"

    @property
    def allows_work(self) -> bool:
        return not self.conflicts or self.cleared_at is not None


class Violation(TimeStampedModel):
    """A breach of the code of conduct, with what came of it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="violations",
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    occurred_on = models.DateField(_("occurred on"))
    description = models.TextField(_("what happened"))
    outcome = models.CharField(
        _("outcome"),
        max_length=15,
        choices=ViolationOutcome.choices,
        default=ViolationOutcome.OPEN,
    )
    outcome_note = models.TextField(_("outcome details"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.occurred_on}"
