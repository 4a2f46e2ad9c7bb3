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
