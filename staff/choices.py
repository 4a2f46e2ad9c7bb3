from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Firm roles. Each is a Django group of the same name holding its permissions."""

    CONSULTANT = "consultant", _("Consultant")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    DISCIPLINE_LEAD = "discipline_lead", _("Discipline lead")
    TECHNICAL_DIRECTOR = "technical_director", _("Technical director")
    QA_MANAGER = "qa_manager", _("QA manager")
    LEGAL_REVIEWER = "legal_reviewer", _("Legal reviewer")
    ADMIN = "admin", _("Administrator")
    CLIENT = "client", _("Client user")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    EN = "en", "English"


class PlanPeriod(models.TextChoices):
    """How long a training plan runs (STF-2)."""

    ANNUAL = "annual", _("Annual")
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")


class AppraisalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINALISED = "finalised", _("Finalised")


# Allowed moves of an appraisal: a finalised appraisal is frozen with its figures (STF-3).
APPRAISAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    AppraisalStatus.DRAFT: (AppraisalStatus.FINALISED,),
    AppraisalStatus.FINALISED: (),
}


class Rating(models.TextChoices):
    OUTSTANDING = "outstanding", _("Outstanding")
    GOOD = "good", _("Good")
    SATISFACTORY = "satisfactory", _("Satisfactory")
    NEEDS_IMPROVEMENT = "needs_improvement", _("Needs improvement")
    UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory")


class Raci(models.TextChoices):
    """Responsible, accountable, consulted, informed (STF-4)."""

    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class ViolationOutcome(models.TextChoices):
    """What came of a recorded conduct violation (STF-5)."""

    OPEN = "open", _("Under investigation")
    NO_BREACH = "no_breach", _("No breach found")
    WARNING = "warning", _("Warning")
    REMOVED = "removed", _("Removed from the engagement")
    DISCIPLINARY = "disciplinary", _("Disciplinary action")
