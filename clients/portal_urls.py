from django.urls import path

from clients.views import portal as v
from clients.views import support as sv

app_name = "portal"
urlpatterns = [
    path("", v.portal_home, name="home"),
    path("engagements/<int:pk>/", v.portal_engagement, name="engagement"),
    path("acceptance/<int:request_pk>/verdict/", v.portal_verdict, name="verdict"),
    path("complaints/", v.portal_complaints, name="complaints"),
    path("complaints/new/", v.portal_complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/", v.portal_complaint, name="complaint"),
    path("complaints/<int:pk>/reply/", v.portal_complaint_reply, name="complaint_reply"),
    path("complaints/<int:pk>/confirm/", v.portal_complaint_confirm, name="complaint_confirm"),
    path("complaints/<int:pk>/reopen/", v.portal_complaint_reopen, name="complaint_reopen"),
    path(
        "complaints/<int:complaint_pk>/files/<int:pk>/",
        v.portal_attachment,
        name="complaint_attachment",
    ),
    path("support/", sv.portal_support, name="support"),
    path("support/new/", sv.portal_support_new, name="support_new"),
    path("support/<int:pk>/", sv.portal_support_request, name="support_request"),
    path("surveys/", v.portal_surveys, name="surveys"),
    path("surveys/<int:pk>/", v.portal_survey, name="survey"),
    path("s/<str:token>/", v.survey_by_token, name="survey_token"),
    path("profile/", v.portal_profile, name="profile"),
    path("profile/contact/", v.portal_profile_contact, name="profile_contact"),
    path("profile/consents/<int:pk>/withdraw/", v.portal_consent_withdraw, name="consent_withdraw"),
]
