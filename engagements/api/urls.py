from rest_framework.routers import SimpleRouter

from engagements.api.views import EngagementViewSet

router = SimpleRouter()
router.register("", EngagementViewSet, basename="engagement")
urlpatterns = router.urls
