from staff.models.appraisal import Appraisal, Goal, Interview
from staff.models.conduct import Declaration, Violation
from staff.models.raci import DefaultRaci, ProcessStep, RaciAssignment
from staff.models.records import (
    Certificate,
    QualificationType,
    ServiceRequirement,
    StaffProfile,
    StaffSettings,
    staff_settings,
)
from staff.models.training import (
    Attendance,
    MentorPair,
    OnboardingTask,
    TrainingPlan,
    TrainingSession,
)
from staff.models.users import User

__all__ = [
    "Appraisal",
    "Attendance",
    "Certificate",
    "Declaration",
    "DefaultRaci",
    "Goal",
    "Interview",
    "MentorPair",
    "OnboardingTask",
    "ProcessStep",
    "QualificationType",
    "RaciAssignment",
    "ServiceRequirement",
    "StaffProfile",
    "StaffSettings",
    "TrainingPlan",
    "TrainingSession",
    "User",
    "Violation",
    "staff_settings",
]
