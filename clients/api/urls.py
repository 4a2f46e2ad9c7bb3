from rest_framework.routers import SimpleRouter

from clients.api.views import ClientViewSet

router = SimpleRouter()
router.register("", ClientViewSet, basename="client")
urlpatterns = router.urls
