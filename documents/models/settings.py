"""Firm-wide document settings an admin edits: the naming convention (DOC-1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

DEFAULT_PATTERN = "{scope}-{type}-{seq:03d}"


class DocumentSettings(models.Model):
    """One row (pk=1); read through ``document_settings()``."""

    naming_pattern = models.CharField(
        _("naming convention"),
        max_length=100,
        default=DEFAULT_PATTERN,
        help_text=_(
            "Placeholders: {scope} (engagement code, or the firm prefix), {type} (deliverable "
            "type), {stage} (project stage), {year}, {seq} (running number, e.g. {seq:03d})."
        ),
    )
    firm_prefix = models.CharField(
        _("prefix of firm documents"),
        max_length=20,
        default="FIRM",
        help_text=_("Used as {scope} for documents that belong to no engagement."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document settings")
        verbose_name_plural = _("document settings")

    def __str__(self) -> str:
        return str(_("Document settings"))


def document_settings() -> DocumentSettings:
    return DocumentSettings.objects.filter(pk=1).first() or DocumentSettings(pk=1)
