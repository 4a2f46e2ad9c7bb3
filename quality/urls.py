from django.urls import include, path

from quality import views

app_name = "quality"
urlpatterns = [
    path("", views.index, name="index"),
    path("", include("quality.review_urls")),
    path("", include("quality.urls_audits")),
]
