"""Models of the risk app."""

from risk.models.emergency import (
    EmergencyPlan,
    EmergencyPlanStep,
    Incident,
    IncidentEvent,
    IncidentStep,
)
from risk.models.matrix import MatrixCell, RiskLevel
from risk.models.register import (
    ResponseAction,
    Risk,
    RiskCategory,
    RiskChecklist,
    RiskChecklistItem,
    RiskReview,
)
from risk.models.warnings import FIRM_SCOPE, EarlyWarning, IndicatorThreshold

__all__ = [
    "FIRM_SCOPE",
    "EarlyWarning",
    "EmergencyPlan",
    "EmergencyPlanStep",
    "Incident",
    "IncidentEvent",
    "IncidentStep",
    "IndicatorThreshold",
    "MatrixCell",
    "ResponseAction",
    "Risk",
    "RiskCategory",
    "RiskChecklist",
    "RiskChecklistItem",
    "RiskLevel",
    "RiskReview",
]
