from django.urls import path

from risk import views

app_name = "risk"
urlpatterns = [
    path("", views.index, name="index"),
    path("matrix.css", views.matrix_css_view, name="matrix-css"),
    path("register/", views.firm_register_view, name="firm"),
    path("engagements/<int:pk>/", views.engagement_register_view, name="engagement"),
    path("risks/new/", views.risk_raise_view, name="raise"),
    path("risks/new/suggest/", views.suggest_view, name="suggest"),
    path("risks/<int:pk>/", views.risk_detail_view, name="detail"),
    path("risks/<int:pk>/edit/", views.risk_edit_view, name="edit"),
    path("risks/<int:pk>/<slug:action>/", views.risk_action_view, name="risk-action"),
    path("incidents/", views.incident_list_view, name="incidents"),
    path("incidents/new/", views.incident_report_view, name="incident-report"),
    path("incidents/<int:pk>/", views.incident_detail_view, name="incident-detail"),
    path(
        "incidents/<int:pk>/<slug:action>/",
        views.incident_action_view,
        name="incident-action",
    ),
    path("plans/", views.plan_list_view, name="plans"),
    path("plans/new/", views.plan_edit_view, name="plan-new"),
    path("plans/<int:pk>/", views.plan_detail_view, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit_view, name="plan-edit"),
]
