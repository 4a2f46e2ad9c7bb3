"""Choices and transition tables of the quality app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignatureMeaning(models.TextChoices):
    """What a reviewer's signature at a level means (X-2, SEC-11)."""

    CHECKED = "checked", _("Checked")
    REVIEWED = "reviewed", _("Reviewed")
    APPROVED = "approved", _("Approved")
    PANEL_ENDORSED = "panel_endorsed", _("Endorsed by the expert panel")


class ReviewStatus(models.TextChoices):
    """A deliverable version's review as a whole."""

    IN_REVIEW = "in_review", _("In review")
    PASSED = "passed", _("Passed")
    REJECTED = "rejected", _("Rejected by the expert panel")
    SUPERSEDED = "superseded", _("Superseded by a newer version")


class LevelStatus(models.TextChoices):
    """One level's record sheet (QC-2): waiting for its turn → open with the reviewer →
    returned to the author → re-check by the same reviewer → signed."""

    WAITING = "waiting", _("Waiting for earlier levels")
    OPEN = "open", _("With the reviewer")
    RETURNED = "returned", _("Returned to the author")
    RECHECK = "recheck", _("Answered: awaiting re-check")
    SIGNED = "signed", _("Signed")
    REJECTED = "rejected", _("Rejected")


class FindingSeverity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered by the author")
    CLOSED = "closed", _("Closed after re-check")


class DefectSource(models.TextChoices):
    """Where a defect found after release came from (QC-4)."""

    CLIENT = "client", _("Client")
    AUDIT = "audit", _("Audit")
    COMPLAINT = "complaint", _("Complaint")
