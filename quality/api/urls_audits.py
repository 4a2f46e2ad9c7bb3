"""API URLs of audits, KPIs, actions, initiatives, cases and the report (under /api/quality/)."""

from django.urls import URLPattern, path

from quality.api import audits as a
from quality.api import improvement as i

urlpatterns: list[URLPattern] = [
    path("checklists/", a.ChecklistListView.as_view(), name="quality-checklist-list"),
    path("audits/", a.AuditListView.as_view(), name="quality-audit-list"),
    path("audits/<int:pk>/", a.AuditDetailView.as_view(), name="quality-audit-detail"),
    path("audits/<int:pk>/conclude/", a.AuditConcludeView.as_view(), name="quality-audit-conclude"),
    path("audits/<int:pk>/samples/", a.AuditSampleView.as_view(), name="quality-audit-samples"),
    path("audit-entries/<int:pk>/", a.EntryDetailView.as_view(), name="quality-audit-entry"),
    path(
        "audit-entries/<int:pk>/score/",
        a.EntryScoreView.as_view(),
        name="quality-audit-entry-score",
    ),
    path(
        "audit-entries/<int:pk>/opinion/",
        a.EntryOpinionView.as_view(),
        name="quality-audit-entry-opinion",
    ),
    path(
        "audit-entries/<int:pk>/reply/",
        a.EntryReplyView.as_view(),
        name="quality-audit-entry-reply",
    ),
    path("annual-results/", a.AnnualResultsView.as_view(), name="quality-annual-results"),
    path("annual-results/publish/", a.AnnualPublishView.as_view(), name="quality-annual-publish"),
    path("kpis/", i.KpiListView.as_view(), name="quality-kpi-list"),
    path("kpis/evaluate/", i.KpiEvaluateView.as_view(), name="quality-kpi-evaluate"),
    path("kpi-breaches/", i.KpiBreachListView.as_view(), name="quality-kpi-breach-list"),
    path("kpi-breaches/<int:pk>/rectify/", i.KpiRectifyView.as_view(), name="quality-kpi-rectify"),
    path("actions/", i.ActionListView.as_view(), name="quality-action-list"),
    path("actions/<int:pk>/", i.ActionDetailView.as_view(), name="quality-action-detail"),
    path("actions/<int:pk>/plan/", i.ActionPlanView.as_view(), name="quality-action-plan"),
    path("actions/<int:pk>/do/", i.ActionDoView.as_view(), name="quality-action-do"),
    path("actions/<int:pk>/verify/", i.ActionVerifyView.as_view(), name="quality-action-verify"),
    path("actions/<int:pk>/close/", i.ActionCloseView.as_view(), name="quality-action-close"),
    path("actions/<int:pk>/reopen/", i.ActionReopenView.as_view(), name="quality-action-reopen"),
    path(
        "actions/<int:pk>/progress/", i.ActionProgressView.as_view(), name="quality-action-progress"
    ),
    path("initiatives/", i.InitiativeListView.as_view(), name="quality-initiative-list"),
    path(
        "initiatives/<int:pk>/advance/",
        i.InitiativeAdvanceView.as_view(),
        name="quality-initiative-advance",
    ),
    path("cases/", i.CaseListView.as_view(), name="quality-case-list"),
    path("report/", i.ReportView.as_view(), name="quality-report"),
]
