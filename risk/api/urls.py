"""API of the risk app, under /api/risk/ (names prefixed ``risk-``)."""

from django.urls import URLPattern, path

from risk.api import views as v

urlpatterns: list[URLPattern] = [
    path("matrix/", v.MatrixView.as_view(), name="risk-matrix"),
    path("matrix/<int:pk>/", v.MatrixCellView.as_view(), name="risk-matrix-cell"),
    path("heat-map/", v.HeatMapView.as_view(), name="risk-heat-map"),
    path("categories/", v.CategoryListView.as_view(), name="risk-categories"),
    path("checklists/", v.ChecklistListView.as_view(), name="risk-checklists"),
    path("risks/", v.RiskListView.as_view(), name="risk-list"),
    path("risks/<int:pk>/", v.RiskDetailView.as_view(), name="risk-detail"),
    path("risks/<int:pk>/assess/", v.RiskAssessView.as_view(), name="risk-assess"),
    path("risks/<int:pk>/strategy/", v.RiskStrategyView.as_view(), name="risk-strategy"),
    path("risks/<int:pk>/residual/", v.RiskResidualView.as_view(), name="risk-residual"),
    path("risks/<int:pk>/actions/", v.RiskActionAddView.as_view(), name="risk-actions"),
    path("risks/<int:pk>/review/", v.RiskReviewView.as_view(), name="risk-review"),
    path("risks/<int:pk>/close/", v.RiskCloseView.as_view(), name="risk-close"),
    path("risks/<int:pk>/history/", v.RiskHistoryView.as_view(), name="risk-history"),
    path("actions/<int:pk>/done/", v.ResponseActionDoneView.as_view(), name="risk-action-done"),
    path("incidents/", v.IncidentListView.as_view(), name="risk-incidents"),
    path("incidents/<int:pk>/", v.IncidentDetailView.as_view(), name="risk-incident"),
    path(
        "incidents/<int:pk>/classify/",
        v.IncidentClassifyView.as_view(),
        name="risk-incident-classify",
    ),
    path(
        "incidents/<int:pk>/steps/<int:step_pk>/done/",
        v.IncidentStepDoneView.as_view(),
        name="risk-incident-step-done",
    ),
    path("incidents/<int:pk>/notes/", v.IncidentNoteView.as_view(), name="risk-incident-notes"),
    path(
        "incidents/<int:pk>/resolve/",
        v.IncidentResolveView.as_view(),
        name="risk-incident-resolve",
    ),
    path("incidents/<int:pk>/reopen/", v.IncidentReopenView.as_view(), name="risk-incident-reopen"),
    path("incidents/<int:pk>/review/", v.IncidentReviewView.as_view(), name="risk-incident-review"),
    path("plans/", v.PlanListView.as_view(), name="risk-plans"),
    path("plans/<int:pk>/", v.PlanDetailView.as_view(), name="risk-plan"),
    path("warnings/", v.WarningListView.as_view(), name="risk-warnings"),
    path("indicators/", v.IndicatorListView.as_view(), name="risk-indicators"),
    path("thresholds/", v.ThresholdListView.as_view(), name="risk-thresholds"),
]
