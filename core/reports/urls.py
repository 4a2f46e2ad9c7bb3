from django.urls import path

from core.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("request/", views.request_report, name="request"),
    path("jobs/<int:pk>/", views.job_status, name="job"),
    path("jobs/<int:pk>/download/", views.download, name="download"),
]
