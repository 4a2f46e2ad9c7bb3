"""URLs of delivery, acceptance and follow-up pages (included by engagements/urls.py)."""

from django.urls import URLPattern, path

from engagements.views import closing as v

urlpatterns: list[URLPattern] = [
    path("<int:pk>/closing/", v.closing_section_view, name="closing_section"),
    path("checklist/<int:item_pk>/tick/", v.checklist_tick_view, name="checklist_tick"),
    path("<int:pk>/deliveries/add/", v.delivery_item_add_view, name="delivery_item_add"),
    path(
        "deliveries/<int:item_pk>/deliver/",
        v.delivery_item_deliver_view,
        name="delivery_item_deliver",
    ),
    path("<int:pk>/acceptance/request/", v.acceptance_request_view, name="acceptance_request"),
    path(
        "acceptance/<int:request_pk>/resubmit/",
        v.acceptance_resubmit_view,
        name="acceptance_resubmit",
    ),
    path(
        "acceptance/<int:request_pk>/verdict/",
        v.acceptance_verdict_view,
        name="acceptance_verdict",
    ),
    path("<int:pk>/follow-ups/add/", v.obligation_add_view, name="obligation_add"),
    path("follow-ups/<int:obligation_pk>/meet/", v.obligation_meet_view, name="obligation_meet"),
    path("follow-ups/<int:obligation_pk>/waive/", v.obligation_waive_view, name="obligation_waive"),
]
