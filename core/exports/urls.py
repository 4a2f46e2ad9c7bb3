from django.urls import path

from core.exports import views

app_name = "exports"

urlpatterns = [
    path("jobs/<uuid:pk>/", views.job_view, name="job"),
    path("jobs/<uuid:pk>/file/", views.job_file_view, name="job-file"),
    path("<slug:key>.<slug:file_format>", views.export_view, name="download"),
]
