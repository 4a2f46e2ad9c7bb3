"""API URLs of the reports app (under /api/reports/)."""

from django.urls import path

from core.reports.api import views

urlpatterns = [
    path("jobs/", views.JobListView.as_view(), name="reports-jobs"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="reports-job"),
    path("jobs/<int:pk>/download/", views.JobDownloadView.as_view(), name="reports-job-download"),
]
