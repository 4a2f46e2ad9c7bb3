"""Top-level URL routing: pages per app, the API under /api/, health and admin."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views

api_patterns: list[URLPattern | URLResolver] = [
    path("", include("core.api.urls")),
    path("webhooks/", include("core.api.webhooks_urls")),
    path("clients/", include("clients.api.urls")),
    path("engagements/", include("engagements.api.urls")),
    path("quality/", include("quality.api.urls")),
    path("risk/", include("risk.api.urls")),
    path("documents/", include("documents.api.urls")),
    path("staff/", include("staff.api.urls")),
    path("reports/", include("core.reports.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("language/", core_views.switch_language, name="switch_language"),
    path("accounts/", include("core.auth_urls")),
    path("notifications/", include("core.notifications.urls")),
    path("exports/", include("core.exports.urls")),
    path("integrations/webhooks/", include("core.webhooks.urls")),
    path("engagements/", include("engagements.urls")),
    path("clients/", include("clients.urls")),
    path("quality/", include("quality.urls")),
    path("risk/", include("risk.urls")),
    path("documents/", include("documents.urls")),
    path("staff/", include("staff.urls")),
    path("reports/", include("core.reports.urls")),
    path("portal/", include("clients.portal_urls")),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]
