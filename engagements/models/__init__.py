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
]
