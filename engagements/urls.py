from django.urls import include, path

from engagements.views import lifecycle

app_name = "engagements"
urlpatterns = [
    path("", lifecycle.engagement_list_view, name="list"),
    path("<int:pk>/", lifecycle.engagement_detail_view, name="detail"),
    path("", include("engagements.plan_urls")),
]
