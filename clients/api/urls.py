from django.urls import path
from rest_framework.routers import SimpleRouter

from clients.api import relations as r
from clients.api import views as v

router = SimpleRouter()
router.register("", v.ClientViewSet, basename="client")

urlpatterns = [
    path("complaints/", v.ComplaintListView.as_view(), name="clients-complaint-list"),
    path("complaints/log/", v.ComplaintLogView.as_view(), name="clients-complaint-log"),
    path("complaints/<int:pk>/", v.ComplaintDetailView.as_view(), name="clients-complaint"),
    path(
        "complaints/<int:pk>/classify/",
        v.ComplaintClassifyView.as_view(),
        name="clients-complaint-classify",
    ),
    path(
        "complaints/<int:pk>/respond/",
        v.ComplaintRespondView.as_view(),
        name="clients-complaint-respond",
    ),
    path(
        "complaints/<int:pk>/analyse/",
        v.ComplaintAnalyseView.as_view(),
        name="clients-complaint-analyse",
    ),
    path(
        "complaints/<int:pk>/feedback/",
        v.ComplaintFeedbackView.as_view(),
        name="clients-complaint-feedback",
    ),
    path(
        "complaints/<int:pk>/rectified/",
        v.ComplaintRectifiedView.as_view(),
        name="clients-complaint-rectified",
    ),
    path(
        "complaints/<int:pk>/confirm/",
        v.ComplaintConfirmView.as_view(),
        name="clients-complaint-confirm",
    ),
    path(
        "complaints/<int:pk>/reopen/",
        v.ComplaintReopenView.as_view(),
        name="clients-complaint-reopen",
    ),
    path(
        "complaints/<int:pk>/replies/",
        v.ComplaintReplyView.as_view(),
        name="clients-complaint-replies",
    ),
    path(
        "complaints/<int:pk>/attachments/",
        v.ComplaintAttachmentsView.as_view(),
        name="clients-complaint-attachments",
    ),
    path(
        "complaints/<int:complaint_pk>/attachments/<int:pk>/",
        v.ComplaintAttachmentDownloadView.as_view(),
        name="clients-complaint-attachment",
    ),
    path("surveys/", v.SurveyListView.as_view(), name="clients-survey-list"),
    path("surveys/<int:pk>/", v.SurveyDetailView.as_view(), name="clients-survey"),
    path("surveys/<int:pk>/answer/", v.SurveyAnswerView.as_view(), name="clients-survey-answer"),
    path("surveys/link/<str:token>/", v.SurveyByTokenView.as_view(), name="clients-survey-token"),
    path("csat/", v.CsatView.as_view(), name="clients-csat"),
    path("consents/", v.ConsentListView.as_view(), name="clients-consent-list"),
    path(
        "consents/<int:pk>/withdraw/",
        v.ConsentWithdrawView.as_view(),
        name="clients-consent-withdraw",
    ),
    path("communications/", v.CommunicationListView.as_view(), name="clients-communication-list"),
    path("support/", r.SupportListView.as_view(), name="clients-support-list"),
    path("support/log/", r.SupportLogView.as_view(), name="clients-support-log"),
    path("support/<int:pk>/", r.SupportDetailView.as_view(), name="clients-support-request"),
    path("support/<int:pk>/replies/", r.SupportReplyView.as_view(), name="clients-support-reply"),
    path(
        "support/<int:pk>/resolve/", r.SupportResolveView.as_view(), name="clients-support-resolve"
    ),
    path("revisits/", r.RevisitListView.as_view(), name="clients-revisit-list"),
    path("revisits/<int:pk>/", r.RevisitDetailView.as_view(), name="clients-revisit"),
    path("revisits/<int:pk>/log/", r.RevisitLogView.as_view(), name="clients-revisit-log"),
    path("revisits/<int:pk>/cancel/", r.RevisitCancelView.as_view(), name="clients-revisit-cancel"),
    path("contacts/", r.ContactListView.as_view(), name="clients-contact-list"),
    path("personal-data/", r.PersonalDataLogView.as_view(), name="clients-privacy-log"),
    path(
        "personal-data/<int:pk>/export/",
        r.PersonExportView.as_view(),
        name="clients-privacy-export",
    ),
    path(
        "personal-data/<int:pk>/correct/",
        r.PersonCorrectView.as_view(),
        name="clients-privacy-correct",
    ),
    path(
        "personal-data/<int:pk>/erase/", r.PersonEraseView.as_view(), name="clients-privacy-erase"
    ),
    *router.urls,
]
