from django.urls import path

from clients.views import privacy as pv
from clients.views import revisits as rv
from clients.views import staff as v
from clients.views import support as sv

app_name = "clients"
urlpatterns = [
    path("", v.client_list_view, name="list"),
    path("complaints/", v.complaint_list_view, name="complaints"),
    path("complaints/log/", v.complaint_log_view, name="complaint_log"),
    path("complaints/<int:pk>/", v.complaint_detail_view, name="complaint"),
    path("complaints/<int:pk>/classify/", v.complaint_classify_view, name="complaint_classify"),
    path("complaints/<int:pk>/respond/", v.complaint_respond_view, name="complaint_respond"),
    path("complaints/<int:pk>/analyse/", v.complaint_analyse_view, name="complaint_analyse"),
    path("complaints/<int:pk>/feedback/", v.complaint_feedback_view, name="complaint_feedback"),
    path("complaints/<int:pk>/rectified/", v.complaint_rectified_view, name="complaint_rectified"),
    path("complaints/<int:pk>/reply/", v.complaint_reply_view, name="complaint_reply"),
    path(
        "complaints/<int:complaint_pk>/files/<int:pk>/",
        v.attachment_view,
        name="complaint_attachment",
    ),
    path("satisfaction/", v.csat_view, name="csat"),
    path("communications/", v.communications_view, name="communications"),
    path("support/", sv.support_list_view, name="support"),
    path("support/log/", sv.support_log_view, name="support_log"),
    path("support/<int:pk>/", sv.support_detail_view, name="support_request"),
    path("support/<int:pk>/reply/", sv.support_reply_view, name="support_reply"),
    path("support/<int:pk>/resolve/", sv.support_resolve_view, name="support_resolve"),
    path("revisits/", rv.revisit_list_view, name="revisits"),
    path("revisits/<int:pk>/", rv.revisit_detail_view, name="revisit"),
    path("revisits/<int:pk>/log/", rv.revisit_log_view, name="revisit_log"),
    path("revisits/<int:pk>/cancel/", rv.revisit_cancel_view, name="revisit_cancel"),
    path("contacts/", pv.contact_list_view, name="contacts"),
    path("privacy/", pv.privacy_index_view, name="privacy"),
    path("privacy/<int:pk>/", pv.privacy_person_view, name="privacy_person"),
    path("privacy/<int:pk>/export/", pv.privacy_export_view, name="privacy_export"),
    path("privacy/<int:pk>/correct/", pv.privacy_correct_view, name="privacy_correct"),
    path("privacy/<int:pk>/erase/", pv.privacy_erase_view, name="privacy_erase"),
]
