from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Lifecycle stages of an engagement, in order (ENG-1 … ENG-12)."""

    LEAD = "lead", _("Lead")
    FEASIBILITY = "feasibility", _("Feasibility")
    QUOTATION = "quotation", _("Quotation")
    PROPOSAL = "proposal", _("Proposal")
    CONTRACT = "contract", _("Contract")
    KICKOFF = "kickoff", _("Team & kickoff")
    EXECUTION = "execution", _("Execution")
    DELIVERY = "delivery", _("Delivery")
    ACCEPTANCE = "acceptance", _("Acceptance")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")


class ServiceType(models.TextChoices):
    MANAGEMENT = "management", _("Management consulting")
    ENGINEERING = "engineering", _("Engineering consulting")
    IT = "it", _("IT consulting")
    FINANCE = "finance", _("Financial advisory")
