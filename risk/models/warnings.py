"""Early warning (RSK-6): thresholds per indicator for the firm and per engagement, and the
warnings raised when an indicator crosses its threshold, open until it clears."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

FIRM_SCOPE = "firm"


class IndicatorThreshold(models.Model):
    """A threshold for one indicator: firm-wide (no engagement) or for one engagement, which
    overrides the firm's. Without a firm row the indicator's own default applies (for the
    engagement KPIs: the monitoring settings of ENG-9)."""

    indicator = models.CharField(_("indicator"), max_length=64)
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="risk_thresholds",
    )
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=12,
        decimal_places=4,
        help_text=_("Shares as fractions: 0.10 = 10 %."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Switch the indicator off for this scope.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("early-warning threshold")
        verbose_name_plural = _("early-warning thresholds")
        ordering = ["indicator", "engagement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator"],
                condition=models.Q(engagement__isnull=True),
                name="%(app_label)s_%(class)s_one_firm_row",
            ),
            models.UniqueConstraint(
                fields=["indicator", "engagement"],
                condition=models.Q(engagement__isnull=False),
                name="%(app_label)s_%(class)s_one_per_engagement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.threshold}"


class EarlyWarning(models.Model):
    """Raised once when an indicator crosses its threshold; stays open (and silent) across
    sweeps while it is still crossed; ``cleared_at`` records when it came back."""

    indicator = models.CharField(_("indicator"), max_length=64)
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="risk_warnings",
    )
    # "firm" or "eng:<id>": one open warning per indicator and scope, without NULL pitfalls.
    scope_key = models.CharField(max_length=40)
    value = models.DecimalField(_("value when raised"), max_digits=14, decimal_places=4)
    threshold = models.DecimalField(_("threshold"), max_digits=12, decimal_places=4)
    last_value = models.DecimalField(_("latest value"), max_digits=14, decimal_places=4)
    raised_at = models.DateTimeField(_("raised at"))
    last_evaluated_at = models.DateTimeField(_("last evaluated"))
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    cleared_value = models.DecimalField(
        _("value when cleared"), max_digits=14, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "scope_key"],
                condition=models.Q(cleared_at__isnull=True),
                name="%(app_label)s_%(class)s_one_open_per_scope",
            ),
        ]
        indexes = [
            models.Index(
                fields=["indicator", "scope_key"],
                condition=models.Q(cleared_at__isnull=True),
                name="risk_warning_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.scope_key}"

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None
