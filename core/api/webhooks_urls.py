"""/api/webhooks/: endpoints, their delivery log and actions (administrators)."""

from django.urls import URLPattern, path

from core.api import webhooks as v

urlpatterns: list[URLPattern] = [
    path("endpoints/", v.WebhookEndpointsView.as_view(), name="webhook-endpoints"),
    path("endpoints/<int:pk>/", v.WebhookEndpointView.as_view(), name="webhook-endpoint"),
    path(
        "endpoints/<int:pk>/test/",
        v.WebhookEndpointTestView.as_view(),
        name="webhook-endpoint-test",
    ),
    path("deliveries/", v.WebhookDeliveriesView.as_view(), name="webhook-deliveries"),
    path(
        "deliveries/<int:pk>/retry/",
        v.WebhookDeliveryRetryView.as_view(),
        name="webhook-delivery-retry",
    ),
]
