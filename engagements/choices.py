"""Choices and the one transition table of the engagement lifecycle (ENG-13)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Lifecycle stages of an engagement, in order (ENG-1 … ENG-12), plus the side states."""

    LEAD = "lead", _("Lead")
    FEASIBILITY = "feasibility", _("Feasibility")
    QUOTATION = "quotation", _("Quotation")
    PROPOSAL = "proposal", _("Proposal")
    CONTRACT = "contract", _("Contract")
    KICKOFF = "kickoff", _("Team & kickoff")
    EXECUTION = "execution", _("In progress")
    DELIVERY = "delivery", _("Delivery")
    ACCEPTANCE = "acceptance", _("Acceptance")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    ON_HOLD = "on_hold", _("On hold")


# The main line, in order: a stage can only move to the next one (no skipping).
MAIN_LINE = [
    Stage.LEAD,
    Stage.FEASIBILITY,
    Stage.QUOTATION,
    Stage.PROPOSAL,
    Stage.CONTRACT,
    Stage.KICKOFF,
    Stage.EXECUTION,
    Stage.DELIVERY,
    Stage.ACCEPTANCE,
    Stage.FOLLOW_UP,
    Stage.CLOSED,
]
TERMINAL = {Stage.CLOSED, Stage.DECLINED, Stage.CANCELLED}
# Declining is a feasibility conclusion; cancelling and holding are possible until delivery.
DECLINABLE = {Stage.LEAD, Stage.FEASIBILITY}
HOLDABLE = set(MAIN_LINE[: MAIN_LINE.index(Stage.DELIVERY) + 1])


def allowed_targets(stage: str) -> set[str]:
    """Every stage reachable from ``stage`` in one step (preconditions are checked apart)."""
    if stage in TERMINAL:
        return set()
    if stage == Stage.ON_HOLD:
        return set()  # resuming returns to the stage held; see the resume service
    targets: set[str] = set()
    if stage in MAIN_LINE:
        position = MAIN_LINE.index(Stage(stage))
        targets.add(MAIN_LINE[position + 1])
    if stage in DECLINABLE:
        targets.add(Stage.DECLINED)
    if stage in HOLDABLE:
        targets |= {Stage.CANCELLED, Stage.ON_HOLD}
    return targets


class ServiceType(models.TextChoices):
    MANAGEMENT = "management", _("Management consulting")
    ENGINEERING = "engineering", _("Engineering consulting")
    IT = "it", _("IT consulting")
    FINANCE = "finance", _("Financial advisory")


class LeadSource(models.TextChoices):
    MARKET_RESEARCH = "market_research", _("Market research")
    ENQUIRY = "enquiry", _("Client enquiry")


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    EMAIL = "email", _("E-mail")
    ONLINE = "online", _("Online")
    VISIT = "visit", _("Visit")
    OTHER = "other", _("Other")


class Conclusion(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")


class LineKind(models.TextChoices):
    FEE = "fee", _("Consulting fee")
    TRAVEL = "travel", _("Travel")
    ACCOMMODATION = "accommodation", _("Accommodation")
    OTHER = "other", _("Other")


class ReviewDecision(models.TextChoices):
    PASS = "pass", _("Pass")
    RETURN = "return", _("Return with comments")
