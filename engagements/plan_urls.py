"""URLs of the plan, progress and meeting pages (included by engagements/urls.py)."""

from django.urls import URLPattern, path

from engagements.views import plan as v

urlpatterns: list[URLPattern] = [
    path("<int:pk>/plan/", v.plan_section_view, name="plan_section"),
    path("<int:pk>/team/add/", v.team_member_add_view, name="team_member_add"),
    path("team/<int:member_pk>/remove/", v.team_member_remove_view, name="team_member_remove"),
    path("<int:pk>/milestones/add/", v.milestone_create_view, name="milestone_create"),
    path("milestones/<int:milestone_pk>/", v.milestone_row_view, name="milestone_row"),
    path("milestones/<int:milestone_pk>/edit/", v.milestone_update_view, name="milestone_update"),
    path("milestones/<int:milestone_pk>/progress/", v.progress_log_view, name="progress_log"),
    path(
        "milestones/<int:milestone_pk>/complete/",
        v.milestone_complete_view,
        name="milestone_complete",
    ),
    path("<int:pk>/time/add/", v.time_log_view, name="time_log"),
    path("<int:pk>/expenses/add/", v.expense_log_view, name="expense_log"),
    path("<int:pk>/meetings/add/", v.meeting_create_view, name="meeting_create"),
    path("meetings/<int:meeting_pk>/", v.meeting_detail_view, name="meeting_detail"),
    path("meetings/<int:meeting_pk>/minutes/", v.meeting_minutes_view, name="meeting_minutes"),
    path(
        "meetings/<int:meeting_pk>/action-items/",
        v.action_item_add_view,
        name="action_item_add",
    ),
    path(
        "meetings/<int:meeting_pk>/distribute/",
        v.meeting_distribute_view,
        name="meeting_distribute",
    ),
    path("action-items/<int:item_pk>/done/", v.action_item_done_view, name="action_item_done"),
    path("<int:pk>/reports/add/", v.progress_report_create_view, name="progress_report_create"),
    path("<int:pk>/reports/cadence/", v.reporting_cadence_view, name="reporting_cadence"),
    path("reports/<int:report_pk>/send/", v.progress_report_send_view, name="progress_report_send"),
]
