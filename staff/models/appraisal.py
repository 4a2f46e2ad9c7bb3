"""Appraisal (STF-3): a periodic appraisal of one person with computed figures (stored as a
snapshot when finalised), OKR-style goals, the manager's assessment and interviews."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from staff.choices import AppraisalStatus, Rating


class Appraisal(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="appraisals",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    appraiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appraiser"),
        on_delete=models.PROTECT,
        related_name="appraisals_given",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AppraisalStatus.choices,
        default=AppraisalStatus.DRAFT,
    )
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    assessment = models.TextField(_("manager's assessment"), blank=True)
    # The computed figures as they stood when finalised: {key: {label, value, source_url}}.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["-period_end", "user", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="%(app_label)s_%(class)s_period_in_order",
            ),
            models.UniqueConstraint(
                fields=["user", "period_start", "period_end"],
                name="%(app_label)s_%(class)s_once_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(status=AppraisalStatus.DRAFT)
                | models.Q(finalised_at__isnull=False, finalised_by__isnull=False),
                name="%(app_label)s_%(class)s_finalised_has_signer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.period_start} – {self.period_end}"

    @property
    def is_final(self) -> bool:
        return self.status == AppraisalStatus.FINALISED


class Goal(TimeStampedModel):
    """An OKR-style goal: an objective with key results, weighted and scored."""

    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("appraisal"), on_delete=models.CASCADE, related_name="goals"
    )
    objective = models.CharField(_("objective"), max_length=200)
    key_results = models.TextField(_("key results"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (percent)"), default=25, validators=[MaxValueValidator(100)]
    )
    score = models.DecimalField(
        _("score (0–1)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["appraisal", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=1),
                name="%(app_label)s_%(class)s_score_0_to_1",
            ),
        ]

    def __str__(self) -> str:
        return self.objective


class Interview(TimeStampedModel):
    """A performance interview held for an appraisal, with its record."""

    appraisal = models.ForeignKey(
        Appraisal,
        verbose_name=_("appraisal"),
        on_delete=models.CASCADE,
        related_name="interviews",
    )
    held_on = models.DateField(_("held on"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("record"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("performance interview")
        verbose_name_plural = _("performance interviews")
        ordering = ["appraisal", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.appraisal_id} {self.held_on}"
