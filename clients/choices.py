"""Choices and transition tables of the clients app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintChannel(models.TextChoices):
    PORTAL = "portal", _("Client portal")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("Visit")


class ComplaintNature(models.TextChoices):
    SERVICE = "service", _("Service quality")
    DELIVERABLE = "deliverable", _("Deliverable quality")
    TIMELINESS = "timeliness", _("Timeliness")
    CONDUCT = "conduct", _("Staff conduct")
    BILLING = "billing", _("Fees and billing")
    OTHER = "other", _("Other")


class ComplaintSeverity(models.TextChoices):
    MINOR = "minor", _("Minor")
    GENERAL = "general", _("General")
    SERIOUS = "serious", _("Serious")


class ComplaintStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_PROGRESS = "in_progress", pgettext_lazy("complaint status", "In progress")
    AWAITING_CLIENT = "awaiting_client", _("Awaiting client confirmation")
    CLOSED = "closed", _("Closed")


# CRM-3: the allowed moves of a complaint. The client closes (confirms) or reopens only after
# the firm gave its feedback; a reopened complaint goes back to work.
COMPLAINT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ComplaintStatus.SUBMITTED: (ComplaintStatus.IN_PROGRESS,),
    ComplaintStatus.IN_PROGRESS: (ComplaintStatus.AWAITING_CLIENT,),
    ComplaintStatus.AWAITING_CLIENT: (ComplaintStatus.CLOSED, ComplaintStatus.IN_PROGRESS),
    ComplaintStatus.CLOSED: (ComplaintStatus.IN_PROGRESS,),
}


class ReplyKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    RESPONSE = "response", _("First response")
    ANALYSIS = "analysis", _("Initial analysis")
    FEEDBACK = "feedback", _("Feedback to the client")
    RECTIFICATION = "rectification", _("Process rectification")
    CONFIRMATION = "confirmation", _("Closure confirmed")
    REOPEN = "reopen", _("Reopened")


class SurveyDimension(models.TextChoices):
    SERVICE = "service", _("Service quality")
    DELIVERABLE = "deliverable", _("Deliverable quality")
    TEAM = "team", _("Team performance")


class SurveyOccasion(models.TextChoices):
    ACCEPTANCE = "acceptance", _("After acceptance")
    QUARTERLY = "quarterly", _("Quarterly round")


class SurveyStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


class ConsentPurpose(models.TextChoices):
    SERVICE = "service", _("Delivering the engagement")
    SURVEYS = "surveys", _("Satisfaction surveys")
    MARKETING = "marketing", _("News and offers")


class ConsentChannel(models.TextChoices):
    PORTAL = "portal", _("Client portal")
    PAPER = "paper", _("Signed paper form")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")


class CommunicationChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting")
    VISIT = "visit", _("Visit")
    MESSAGE = "message", _("Instant message")
    LETTER = "letter", _("Letter")


class CommunicationDirection(models.TextChoices):
    INBOUND = "inbound", _("From the client")
    OUTBOUND = "outbound", _("To the client")


class SupportKind(models.TextChoices):
    SUPPORT = "support", _("Support request")
    ENQUIRY = "enquiry", _("Enquiry")


class SupportChannel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    EMAIL = "email", _("E-mail")
    ONLINE = "online", _("Online (portal)")


class SupportStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("support status", "Open")
    ANSWERED = "answered", _("Answered")
    RESOLVED = "resolved", _("Resolved")


# CRM-5: a request is answered (first feedback), then resolved; a client's reply on a resolved
# request opens it again.
SUPPORT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    SupportStatus.OPEN: (SupportStatus.ANSWERED, SupportStatus.RESOLVED),
    SupportStatus.ANSWERED: (SupportStatus.RESOLVED, SupportStatus.OPEN),
    SupportStatus.RESOLVED: (SupportStatus.OPEN,),
}


class RevisitMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    ONSITE = "onsite", _("On-site visit")


class RevisitStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("revisit status", "Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


REVISIT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    RevisitStatus.PLANNED: (RevisitStatus.DONE, RevisitStatus.CANCELLED),
    RevisitStatus.DONE: (),
    RevisitStatus.CANCELLED: (),
}


class PrivacyAction(models.TextChoices):
    EXPORT = "export", _("Export")
    CORRECT = "correct", _("Correction")
    ERASE = "erase", _("Erasure")
