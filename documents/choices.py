"""Choices of the documents app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidentiality(models.TextChoices):
    """Confidentiality levels of a document (DOC-3)."""

    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    CONFIDENTIAL = "confidential", _("Confidential")
    SECRET = "secret", _("Secret")  # noqa: S105 - a level name, not a password


class DeliverableType(models.TextChoices):
    """What kind of document it is (DOC-1); ``CODE_ABBREVIATIONS`` gives its code token."""

    REPORT = "report", _("Report")
    PLAN = "plan", _("Plan")
    DRAWING = "drawing", _("Drawing")
    CALCULATION = "calculation", _("Calculation")
    MINUTES = "minutes", _("Minutes")
    CORRESPONDENCE = "correspondence", _("Correspondence")
    CONTRACT = "contract", _("Contract document")
    OTHER = "other", _("Other")


CODE_ABBREVIATIONS = {
    DeliverableType.REPORT: "RPT",
    DeliverableType.PLAN: "PLN",
    DeliverableType.DRAWING: "DWG",
    DeliverableType.CALCULATION: "CAL",
    DeliverableType.MINUTES: "MIN",
    DeliverableType.CORRESPONDENCE: "COR",
    DeliverableType.CONTRACT: "CON",
    DeliverableType.OTHER: "OTH",
}


class MaterialForm(models.TextChoices):
    PAPER = "paper", _("Paper")
    ELECTRONIC = "electronic", _("Electronic")
    MIXED = "mixed", _("Paper and electronic")


class MaterialStatus(models.TextChoices):
    """Custody of a client's material (DOC-5)."""

    HELD = "held", _("Held by the firm")
    RETURNED = "returned", _("Returned")
    DESTROYED = "destroyed", _("Destroyed")


class PackageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class AuditOutcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    FINDINGS = "findings", _("Findings")


# What a disposal records: the two end states of custody.
DISPOSAL_CHOICES = [
    (MaterialStatus.RETURNED.value, MaterialStatus.RETURNED.label),
    (MaterialStatus.DESTROYED.value, MaterialStatus.DESTROYED.label),
]
