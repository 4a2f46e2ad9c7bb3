from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("quality.api.reviews_urls")),
    path("", include("quality.api.urls_audits")),
]
