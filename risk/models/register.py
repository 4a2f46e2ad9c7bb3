"""The risk register (RSK-1…RSK-4): categories, reusable identification checklists per
service type, risks per engagement or firm-wide, response actions and reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from engagements.choices import ServiceType
from risk.choices import (
    IdentificationMethod,
    Impact,
    Likelihood,
    RiskStatus,
    Strategy,
    TransferMode,
)
from risk.models.matrix import MatrixCell, NamedRow, RiskLevel


class RiskCategory(NamedRow):
    """Market, technical, management, personnel, financial by default; admins add more."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk category")
        verbose_name_plural = _("risk categories")
        ordering = ["order", "code"]


class RiskChecklist(NamedRow):
    """A reusable identification checklist; empty service type = for every engagement."""

    service_type = models.CharField(
        _("service type"), max_length=20, choices=ServiceType.choices, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk checklist")
        verbose_name_plural = _("risk checklists")
        ordering = ["service_type", "name"]


class RiskChecklistItem(models.Model):
    checklist = models.ForeignKey(
        RiskChecklist, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="items"
    )
    category = models.ForeignKey(
        RiskCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist", "order", "id"]

    def __str__(self) -> str:
        return self.question


class Risk(TimeStampedModel):
    """One identified risk. ``engagement`` empty = the firm-wide register. Level, priority
    and suggestion are copied from the matrix cell when assessed, so the history shows how
    the level moved (RSK-4); ``cell`` keeps the live link for colours and re-levelling."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cause = models.TextField(_("cause"), blank=True)
    category = models.ForeignKey(
        RiskCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="risks"
    )
    method = models.CharField(
        _("identification method"), max_length=20, choices=IdentificationMethod.choices
    )
    checklist_item = models.ForeignKey(
        RiskChecklistItem,
        verbose_name=_("checklist item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_risks",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="raised_risks",
    )
    likelihood = models.CharField(_("likelihood"), max_length=10, choices=Likelihood.choices)
    impact = models.CharField(_("impact"), max_length=10, choices=Impact.choices)
    cell = models.ForeignKey(
        MatrixCell, verbose_name=_("matrix cell"), on_delete=models.PROTECT, related_name="risks"
    )
    level = models.ForeignKey(
        RiskLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="risks"
    )
    priority = models.PositiveSmallIntegerField(_("priority"))
    suggested_strategy = models.CharField(
        _("suggested strategy"), max_length=10, choices=Strategy.choices
    )
    strategy = models.CharField(
        _("chosen strategy"), max_length=10, choices=Strategy.choices, blank=True
    )
    transfer_mode = models.CharField(
        _("transferred by"), max_length=12, choices=TransferMode.choices, blank=True
    )
    strategy_note = models.TextField(_("reason for the strategy"), blank=True)
    residual_likelihood = models.CharField(
        _("residual likelihood"), max_length=10, choices=Likelihood.choices, blank=True
    )
    residual_impact = models.CharField(
        _("residual impact"), max_length=10, choices=Impact.choices, blank=True
    )
    residual_level = models.ForeignKey(
        RiskLevel,
        verbose_name=_("residual level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    review_date = models.DateField(_("next review"), null=True, blank=True)
    last_reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Set by ``risk_*`` services; read by the history to say why the version exists.
    change_reason = models.CharField(max_length=200, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["priority", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "priority"], name="risk_open_priority"),
            models.Index(fields=["engagement", "status"], name="risk_engagement_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(strategy="transfer") | ~models.Q(transfer_mode=""),
                name="%(app_label)s_%(class)s_transfer_has_mode",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("risk:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == RiskStatus.OPEN


class ResponseAction(TimeStampedModel):
    """A response action for the chosen strategy, with its owner and due date (RSK-3)."""

    risk = models.ForeignKey(
        Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="risk_actions",
    )
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("response action")
        verbose_name_plural = _("response actions")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description


class RiskReview(models.Model):
    """A monitoring review of an open risk (RSK-4): reassessment and the next review date."""

    risk = models.ForeignKey(
        Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("reviewed at"))
    likelihood = models.CharField(_("likelihood"), max_length=10, choices=Likelihood.choices)
    impact = models.CharField(_("impact"), max_length=10, choices=Impact.choices)
    note = models.TextField(_("note"), blank=True)
    next_review_date = models.DateField(_("next review"), null=True, blank=True)

    class Meta:
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.risk_id} @ {self.at:%Y-%m-%d}"
