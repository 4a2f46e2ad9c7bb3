from django.urls import include, path
from rest_framework.routers import SimpleRouter

from engagements.api.views import EngagementViewSet

router = SimpleRouter()
router.register("", EngagementViewSet, basename="engagement")
urlpatterns = [
    path("", include("engagements.api.plan_urls")),
    path("", include("engagements.api.closing_urls")),
    *router.urls,
]
