"""Choices of the risk app: the two axes of the risk matrix (RSK-2), identification methods
(RSK-1), strategies (RSK-3), incident severity and status with its transition table (RSK-5)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Likelihood(models.TextChoices):
    HIGH = "high", _("High likelihood")
    MEDIUM = "medium", _("Medium likelihood")
    LOW = "low", _("Low likelihood")


class Impact(models.TextChoices):
    SEVERE = "severe", _("Severe impact")
    MAJOR = "major", _("Major impact")
    GENERAL = "general", _("General impact")
    MINOR = "minor", _("Minor impact")


# Matrix order: rows top to bottom, columns left to right.
LIKELIHOOD_ORDER = [Likelihood.HIGH, Likelihood.MEDIUM, Likelihood.LOW]
IMPACT_ORDER = [Impact.SEVERE, Impact.MAJOR, Impact.GENERAL, Impact.MINOR]


class IdentificationMethod(models.TextChoices):
    BRAINSTORMING = "brainstorming", _("Brainstorming")
    DELPHI = "delphi", _("Delphi method")
    CHECKLIST = "checklist", pgettext_lazy("risk identification", "Checklist")


class Strategy(models.TextChoices):
    AVOID = "avoid", pgettext_lazy("risk strategy", "Avoid")
    MITIGATE = "mitigate", pgettext_lazy("risk strategy", "Mitigate")
    TRANSFER = "transfer", pgettext_lazy("risk strategy", "Transfer")
    ACCEPT = "accept", pgettext_lazy("risk strategy", "Accept")


class TransferMode(models.TextChoices):
    INSURANCE = "insurance", _("Insurance")
    DISCLAIMER = "disclaimer", _("Disclaimer clause")
    SUBCONTRACT = "subcontract", _("Subcontracting")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Severity(models.TextChoices):
    """Incident severity (突发事件分级), most serious first."""

    CRITICAL = "critical", _("Critical (level I)")
    MAJOR = "major", _("Major (level II)")
    MODERATE = "moderate", _("Moderate (level III)")
    MINOR = "minor", _("Minor (level IV)")


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    HANDLING = "handling", _("Being handled")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed after review")


# The incident state machine: the only allowed moves (RSK-5).
INCIDENT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    IncidentStatus.REPORTED: (IncidentStatus.HANDLING,),
    IncidentStatus.HANDLING: (IncidentStatus.RESOLVED,),
    IncidentStatus.RESOLVED: (IncidentStatus.CLOSED, IncidentStatus.HANDLING),
    IncidentStatus.CLOSED: (),
}


class TimelineKind(models.TextChoices):
    REPORTED = "reported", _("Reported")
    CLASSIFIED = "classified", _("Classified")
    STEP = "step", _("Step done")
    NOTE = "note", _("Note")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Reopened")
    REVIEWED = "reviewed", _("Post-incident review")
