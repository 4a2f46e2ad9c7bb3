"""API URLs of plan, progress and meetings (included by engagements/api/urls.py)."""

from django.urls import URLPattern, path

from engagements.api import plan as v

urlpatterns: list[URLPattern] = [
    path("<int:pk>/team/", v.EngagementTeamView.as_view(), name="engagement-team"),
    path("team/<int:member_pk>/", v.TeamMemberDetailView.as_view(), name="team-member"),
    path(
        "<int:pk>/milestones/", v.EngagementMilestonesView.as_view(), name="engagement-milestones"
    ),
    path("milestones/<int:milestone_pk>/", v.MilestoneDetailView.as_view(), name="milestone"),
    path(
        "milestones/<int:milestone_pk>/progress/",
        v.MilestoneProgressView.as_view(),
        name="milestone-progress",
    ),
    path(
        "milestones/<int:milestone_pk>/complete/",
        v.MilestoneCompleteView.as_view(),
        name="milestone-complete",
    ),
    path(
        "<int:pk>/time-entries/",
        v.EngagementTimeEntriesView.as_view(),
        name="engagement-time-entries",
    ),
    path("<int:pk>/expenses/", v.EngagementExpensesView.as_view(), name="engagement-expenses"),
    path("<int:pk>/costs/", v.EngagementCostsView.as_view(), name="engagement-costs"),
    path("<int:pk>/meetings/", v.EngagementMeetingsView.as_view(), name="engagement-meetings"),
    path("meetings/<int:meeting_pk>/", v.MeetingDetailView.as_view(), name="meeting"),
    path(
        "meetings/<int:meeting_pk>/minutes/",
        v.MeetingMinutesView.as_view(),
        name="meeting-minutes",
    ),
    path(
        "meetings/<int:meeting_pk>/action-items/",
        v.MeetingActionItemsView.as_view(),
        name="meeting-action-items",
    ),
    path(
        "meetings/<int:meeting_pk>/distribute/",
        v.MeetingDistributeView.as_view(),
        name="meeting-distribute",
    ),
    path(
        "action-items/<int:item_pk>/done/", v.ActionItemDoneView.as_view(), name="action-item-done"
    ),
    path(
        "<int:pk>/progress-reports/",
        v.EngagementProgressReportsView.as_view(),
        name="engagement-progress-reports",
    ),
    path(
        "progress-reports/<int:report_pk>/send/",
        v.ProgressReportSendView.as_view(),
        name="progress-report-send",
    ),
    path("<int:pk>/reporting/", v.EngagementReportingView.as_view(), name="engagement-reporting"),
]
