from clients.models.clients import Client
from clients.models.communications import CommunicationRecord
from clients.models.complaints import Complaint, ComplaintAttachment, ComplaintReply
from clients.models.consents import Consent
from clients.models.privacy import (
    ClientContact,
    PersonalDataRequest,
    RetentionRun,
    RetentionSettings,
    retention_settings,
)
from clients.models.revisits import Revisit
from clients.models.settings import RelationsSettings, relations_settings
from clients.models.support import SupportReply, SupportRequest
from clients.models.surveys import Survey, SurveyAnswer, SurveyQuestion, SurveyTemplate

__all__ = [
    "Client",
    "ClientContact",
    "CommunicationRecord",
    "Complaint",
    "ComplaintAttachment",
    "ComplaintReply",
    "Consent",
    "PersonalDataRequest",
    "RelationsSettings",
    "RetentionRun",
    "RetentionSettings",
    "Revisit",
    "SupportReply",
    "SupportRequest",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyTemplate",
    "relations_settings",
    "retention_settings",
]
