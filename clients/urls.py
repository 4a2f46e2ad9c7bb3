from django.urls import path

from clients.views import staff as v

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
]
