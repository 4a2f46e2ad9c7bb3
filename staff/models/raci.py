"""Responsibility matrix (STF-4): the process steps of the standard, the firm's default
R/A/C/I by team role, and each engagement's own matrix by person. Exactly one accountable
person per step: the services keep one, a partial unique constraint forbids two."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from staff.choices import Raci


class ProcessStep(TimeStampedModel):
    """A step of the firm's consulting process (the standard's chapters)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class DefaultRaci(TimeStampedModel):
    """The firm-wide default: which team role holds which letter for a step."""

    step = models.ForeignKey(
        ProcessStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="defaults"
    )
    team_role = models.CharField(_("team role"), max_length=20)
    letter = models.CharField(_("responsibility"), max_length=1, choices=Raci.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("default responsibility")
        verbose_name_plural = _("default responsibility matrix")
        ordering = ["step", "team_role"]
        constraints = [
            models.UniqueConstraint(
                fields=["step", "team_role"], name="%(app_label)s_%(class)s_one_letter_per_role"
            ),
            models.UniqueConstraint(
                fields=["step"],
                condition=models.Q(letter=Raci.ACCOUNTABLE),
                name="%(app_label)s_%(class)s_one_accountable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step}: {self.team_role}={self.letter}"


class RaciAssignment(TimeStampedModel):
    """One person's letter for one step of one engagement."""

    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="raci",
    )
    step = models.ForeignKey(
        ProcessStep, verbose_name=_("step"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="raci_assignments",
    )
    letter = models.CharField(_("responsibility"), max_length=1, choices=Raci.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibility matrix")
        ordering = ["engagement", "step", "letter", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "step", "user"],
                name="%(app_label)s_%(class)s_one_letter_per_person",
            ),
            models.UniqueConstraint(
                fields=["engagement", "step"],
                condition=models.Q(letter=Raci.ACCOUNTABLE),
                name="%(app_label)s_%(class)s_one_accountable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step}: {self.user}={self.letter}"
