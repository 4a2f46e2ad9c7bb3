"""Models of the quality app (added by its own issue)."""

from quality.models.audits import (
    AnnualResult,
    Audit,
    AuditedEngagement,
    AuditSettings,
    ChecklistCriterion,
    ChecklistTemplate,
    CriterionScore,
    SpotCheckSample,
)
from quality.models.improvement import (
    ActionProgress,
    CaseEntry,
    CorrectiveAction,
    Initiative,
    KpiBreach,
    KpiMeasurement,
    KpiObjective,
)

__all__ = [
    "ActionProgress",
    "AnnualResult",
    "Audit",
    "AuditSettings",
    "AuditedEngagement",
    "CaseEntry",
    "ChecklistCriterion",
    "ChecklistTemplate",
    "CorrectiveAction",
    "CriterionScore",
    "Initiative",
    "KpiBreach",
    "KpiMeasurement",
    "KpiObjective",
    "SpotCheckSample",
]
