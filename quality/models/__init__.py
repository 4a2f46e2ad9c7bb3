"""Models of the quality app: the three-level review, audits, KPIs and improvement."""

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
from quality.models.reviews import (
    DefectReport,
    Finding,
    LevelReview,
    Responsibility,
    ReviewLevel,
    Signature,
    VersionReview,
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
    "DefectReport",
    "Finding",
    "Initiative",
    "KpiBreach",
    "KpiMeasurement",
    "KpiObjective",
    "LevelReview",
    "Responsibility",
    "ReviewLevel",
    "Signature",
    "SpotCheckSample",
    "VersionReview",
]
