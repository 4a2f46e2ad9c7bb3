"""The risk matrix as rows an admin edits (RSK-2, RSK-3): levels with their colours, and one
cell per likelihood × impact giving the level, the priority and the suggested strategy."""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from risk.choices import Impact, Likelihood, Strategy

COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb."))


class NamedRow(models.Model):
    """A row with a Chinese and an English name, shown in the user's language."""

    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class RiskLevel(NamedRow):
    """A risk level (高/中/低 by default); ``rank`` 1 is the most serious."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    colour = models.CharField(_("colour"), max_length=7, validators=[COLOUR], default="#6c757d")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk level")
        verbose_name_plural = _("risk levels")
        ordering = ["rank", "code"]


class MatrixCell(models.Model):
    """One cell of the 3 × 4 matrix. Admins re-level (``level``, ``priority``) and re-colour
    (``colour`` overrides the level's colour) cells; open risks follow at once."""

    likelihood = models.CharField(_("likelihood"), max_length=10, choices=Likelihood.choices)
    impact = models.CharField(_("impact"), max_length=10, choices=Impact.choices)
    level = models.ForeignKey(
        RiskLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="cells"
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        validators=[MinValueValidator(1)],
        help_text=_("1 is handled first."),
    )
    suggested_strategy = models.CharField(
        _("suggested strategy"), max_length=10, choices=Strategy.choices
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        validators=[COLOUR],
        help_text=_("Leave empty to use the level's colour."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk matrix cell")
        verbose_name_plural = _("risk matrix")
        ordering = ["priority", "likelihood", "impact"]
        constraints = [
            models.UniqueConstraint(
                fields=["likelihood", "impact"], name="%(app_label)s_%(class)s_one_per_cell"
            ),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1),
                name="%(app_label)s_%(class)s_priority_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_likelihood_display()} × {self.get_impact_display()}"

    @property
    def display_colour(self) -> str:
        return self.colour or self.level.colour
