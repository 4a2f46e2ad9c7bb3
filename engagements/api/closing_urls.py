"""API URLs of delivery, acceptance and follow-up (included by engagements/api/urls.py)."""

from django.urls import URLPattern, path

from engagements.api import closing as v

urlpatterns: list[URLPattern] = [
    path(
        "<int:pk>/delivery-checklist/",
        v.EngagementChecklistView.as_view(),
        name="engagement-delivery-checklist",
    ),
    path(
        "delivery-checklist/<int:item_pk>/tick/",
        v.ChecklistTickView.as_view(),
        name="delivery-checklist-tick",
    ),
    path(
        "<int:pk>/delivery-items/",
        v.EngagementDeliveryItemsView.as_view(),
        name="engagement-delivery-items",
    ),
    path(
        "delivery-items/<int:item_pk>/deliver/",
        v.DeliveryItemDeliverView.as_view(),
        name="delivery-item-deliver",
    ),
    path(
        "<int:pk>/acceptance/", v.EngagementAcceptanceView.as_view(), name="engagement-acceptance"
    ),
    path("acceptance/<int:request_pk>/", v.AcceptanceDetailView.as_view(), name="acceptance"),
    path(
        "acceptance/<int:request_pk>/resubmit/",
        v.AcceptanceResubmitView.as_view(),
        name="acceptance-resubmit",
    ),
    path(
        "acceptance/<int:request_pk>/verdict/",
        v.AcceptanceVerdictView.as_view(),
        name="acceptance-verdict",
    ),
    path("<int:pk>/follow-ups/", v.EngagementFollowUpsView.as_view(), name="engagement-follow-ups"),
    path(
        "follow-ups/<int:obligation_pk>/meet/",
        v.ObligationMeetView.as_view(),
        name="follow-up-meet",
    ),
    path(
        "follow-ups/<int:obligation_pk>/waive/",
        v.ObligationWaiveView.as_view(),
        name="follow-up-waive",
    ),
]
