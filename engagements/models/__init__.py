from engagements.models.engagements import Engagement
from engagements.models.lifecycle import (
    Contract,
    ContractCopy,
    FeasibilityAssessment,
    Proposal,
    Quotation,
    QuotationLine,
    Requirements,
    Review,
    StageTransition,
)
from engagements.models.meetings import (
    ActionItem,
    KickoffMeeting,
    Meeting,
    MeetingAttendance,
    MeetingDistribution,
)
from engagements.models.plan import (
    ExpenseEntry,
    Milestone,
    ProgressEntry,
    ProgressReport,
    ReportingCadence,
    TeamMember,
    TimeEntry,
)

__all__ = [
    "Contract",
    "ContractCopy",
    "Engagement",
    "FeasibilityAssessment",
    "Proposal",
    "Quotation",
    "QuotationLine",
    "Requirements",
    "Review",
    "StageTransition",
    "ActionItem",
    "KickoffMeeting",
    "Meeting",
    "MeetingAttendance",
    "MeetingDistribution",
    "ExpenseEntry",
    "Milestone",
    "ProgressEntry",
    "ProgressReport",
    "ReportingCadence",
    "TeamMember",
    "TimeEntry",
]
from engagements.models.settings import MonitoringSettings  # noqa: E402

__all__ += ["MonitoringSettings"]

from engagements.models.closing import (  # noqa: E402
    AcceptanceRequest,
    DeliveryChecklistItem,
    DeliveryItem,
    FollowUpObligation,
    FollowUpSettings,
)

__all__ += [
    "AcceptanceRequest",
    "DeliveryChecklistItem",
    "DeliveryItem",
    "FollowUpObligation",
    "FollowUpSettings",
]
