"""Lifecycle records before work starts: stage transitions (ENG-13), requirements (ENG-2),
feasibility (ENG-3), quotations (ENG-4), proposal with internal review (ENG-5) and the
contract with legal review, signing and distribution (ENG-6)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from engagements.choices import Conclusion, LineKind, ReviewDecision, Stage


class StageTransition(models.Model):
    """Who moved the engagement from which stage to which, when and why (ENG-13)."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="transitions"
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        ordering = ["engagement", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class Requirements(TimeStampedModel):
    """Preliminary requirements document (ENG-2)."""

    engagement = models.OneToOneField(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="requirements"
    )
    background = models.TextField(_("background"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    expected_outcomes = models.TextField(_("expected outcomes"), blank=True)
    functional_needs = models.TextField(_("functional needs"), blank=True)
    non_functional_needs = models.TextField(_("non-functional needs"), blank=True)
    smart_objectives = models.TextField(_("SMART objectives"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("requirements")
        verbose_name_plural = _("requirements")

    def __str__(self) -> str:
        return f"{self.engagement_id}"


class FeasibilityAssessment(TimeStampedModel):
    """Technical, economic and time feasibility, each by named experts, and a conclusion (ENG-3)."""

    engagement = models.OneToOneField(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="feasibility"
    )
    technical = models.TextField(_("technical feasibility"), blank=True)
    technical_experts = models.CharField(_("technical experts"), max_length=300, blank=True)
    economic = models.TextField(_("economic feasibility"), blank=True)
    economic_experts = models.CharField(_("economic experts"), max_length=300, blank=True)
    time = models.TextField(_("time feasibility"), blank=True)
    time_experts = models.CharField(_("time experts"), max_length=300, blank=True)
    conclusion = models.CharField(
        _("conclusion"), max_length=10, choices=Conclusion.choices, blank=True
    )
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feasibility assessment")
        verbose_name_plural = _("feasibility assessments")

    def __str__(self) -> str:
        return f"{self.engagement_id}: {self.conclusion or '—'}"


class Quotation(models.Model):
    """One version of the quotation; a change is a new version, the old ones stay (ENG-4)."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="quotations"
    )
    version = models.PositiveIntegerField(_("version"))
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quotation")
        verbose_name_plural = _("quotations")
        ordering = ["engagement", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "version"], name="%(app_label)s_%(class)s_one_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id} v{self.version}"


class QuotationLine(models.Model):
    quotation = models.ForeignKey(Quotation, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=15, choices=LineKind.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit_price = models.DecimalField(
        _("unit price"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("quotation line")
        verbose_name_plural = _("quotation lines")
        ordering = ["quotation", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="%(app_label)s_%(class)s_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0),
                name="%(app_label)s_%(class)s_price_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price


class Proposal(TimeStampedModel):
    """The project proposal (ENG-5); sent to the client only after an internal review passed."""

    engagement = models.OneToOneField(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="proposal"
    )
    objectives = models.TextField(_("objectives"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    methods = models.TextField(_("methods"), blank=True)
    schedule = models.TextField(_("schedule"), blank=True)
    deliverables = models.TextField(_("expected deliverables"), blank=True)
    team_introduction = models.TextField(_("team introduction"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent to the client at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return f"{self.engagement_id}"


class Contract(TimeStampedModel):
    """Contract terms (ENG-6): legal review must pass before an authorised person signs."""

    engagement = models.OneToOneField(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="contract"
    )
    scope = models.TextField(_("scope"), blank=True)
    term = models.TextField(_("term"), blank=True)
    payment = models.TextField(_("payment"), blank=True)
    confidentiality = models.TextField(_("confidentiality"), blank=True)
    liability = models.TextField(_("liability"), blank=True)
    legal_approved_at = models.DateTimeField(_("legal review passed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        permissions = [
            ("sign_contract", _("Can sign contracts as the firm's authorised representative"))
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id}"


class Review(models.Model):
    """An internal review of the proposal or a legal review of the contract, with its
    decision and comments; a pass is an electronic sign-off (password re-entered, X-2)."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal internal review")
        LEGAL = "legal", _("Contract legal review")

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="reviews"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT
    )
    decision = models.CharField(_("decision"), max_length=10, choices=ReviewDecision.choices)
    comments = models.TextField(_("comments"), blank=True)
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    content_hash = models.CharField(_("SHA-256 of the reviewed content"), max_length=64)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["engagement", "at", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.decision}"


class ContractCopy(models.Model):
    """A distributed copy of the signed contract (ENG-6)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="copies")
    recipient = models.CharField(_("recipient"), max_length=200)
    copies = models.PositiveSmallIntegerField(
        _("copies"), default=1, validators=[MinValueValidator(1)]
    )
    distributed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    distributed_at = models.DateTimeField(_("distributed at"))

    class Meta:
        verbose_name = _("contract copy")
        verbose_name_plural = _("contract copies")
        ordering = ["contract", "distributed_at"]

    def __str__(self) -> str:
        return f"{self.recipient} ×{self.copies}"
