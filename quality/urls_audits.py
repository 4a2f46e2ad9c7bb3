"""Pages of audits, KPIs, actions, initiatives, cases and the quality report (included by
quality/urls.py)."""

from django.urls import URLPattern, path

from quality.views import audits as a
from quality.views import improvement as i

urlpatterns: list[URLPattern] = [
    path("audits/", a.audit_list_view, name="audit_list"),
    path("audits/plan/", a.audit_plan_view, name="audit_plan"),
    path("audits/annual/", a.annual_results_view, name="annual_results"),
    path("audits/<int:pk>/", a.audit_detail_view, name="audit_detail"),
    path("audits/<int:pk>/conclude/", a.audit_conclude_view, name="audit_conclude"),
    path("audits/<int:pk>/sample/", a.sample_draw_view, name="sample_draw"),
    path("audits/entries/<int:entry_pk>/score/", a.entry_score_view, name="entry_score"),
    path("audits/entries/<int:entry_pk>/opinion/", a.entry_opinion_view, name="entry_opinion"),
    path("audits/entries/<int:entry_pk>/reply/", a.entry_reply_view, name="entry_reply"),
    path("kpis/", i.kpi_dashboard_view, name="kpi_dashboard"),
    path("kpis/evaluate/", i.kpi_evaluate_view, name="kpi_evaluate"),
    path("kpis/breaches/<int:breach_pk>/rectify/", i.kpi_rectify_view, name="kpi_rectify"),
    path("actions/", i.action_list_view, name="action_list"),
    path("actions/new/", i.action_open_view, name="action_open"),
    path("actions/<int:pk>/", i.action_detail_view, name="action_detail"),
    path("actions/<int:pk>/plan/", i.action_plan_view, name="action_plan"),
    path("actions/<int:pk>/do/", i.action_do_view, name="action_do"),
    path("actions/<int:pk>/verify/", i.action_verify_view, name="action_verify"),
    path("actions/<int:pk>/close/", i.action_close_view, name="action_close"),
    path("actions/<int:pk>/reopen/", i.action_reopen_view, name="action_reopen"),
    path("actions/<int:pk>/progress/", i.action_progress_view, name="action_progress"),
    path("initiatives/", i.initiative_list_view, name="initiative_list"),
    path("initiatives/<int:pk>/advance/", i.initiative_advance_view, name="initiative_advance"),
    path("cases/", i.case_list_view, name="case_list"),
    path("cases/new/", i.case_create_view, name="case_create"),
    path("report/", i.quality_report_view, name="quality_report"),
]
