from clients.models.clients import Client
from clients.models.communications import CommunicationRecord
from clients.models.complaints import Complaint, ComplaintAttachment, ComplaintReply
from clients.models.consents import Consent
from clients.models.settings import RelationsSettings, relations_settings
from clients.models.surveys import Survey, SurveyAnswer, SurveyQuestion, SurveyTemplate

__all__ = [
    "Client",
    "CommunicationRecord",
    "Complaint",
    "ComplaintAttachment",
    "ComplaintReply",
    "Consent",
    "RelationsSettings",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyTemplate",
    "relations_settings",
]
