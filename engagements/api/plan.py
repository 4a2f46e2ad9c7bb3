"""API twins of the plan pages (X-5): team (ENG-7), milestones and progress (ENG-8), time and
expenses, meetings with minutes, action items and distribution (ENG-7, COM-1), progress
reports and their cadence (COM-2). Input and output serializers list their fields; every
write calls the same service as the page; every lookup is scoped by ``visible_to`` so a
foreign id answers 404. Client users have no access to these staff endpoints (403)."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.navigation import ROLES_FOR
from engagements.models import (
    ActionItem,
    ExpenseEntry,
    Meeting,
    MeetingAttendance,
    MeetingDistribution,
    Milestone,
    ProgressEntry,
    ProgressReport,
    TeamMember,
    TimeEntry,
)
from engagements.models.plan import Phase, TeamRole
from engagements.selectors import plan as sel
from engagements.services import meetings as meeting_svc
from engagements.services import plan as svc
from staff.models import User

# --- serializers -----------------------------------------------------------------------------


class TeamMemberSerializer(serializers.ModelSerializer[TeamMember]):
    user_name = serializers.CharField(source="user", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["id", "engagement", "user", "user_name", "role", "created_at"]
        read_only_fields = fields


class TeamMemberInputSerializer(serializers.Serializer[dict[str, Any]]):
    user = serializers.IntegerField()
    role = serializers.ChoiceField(choices=TeamRole.choices)


class MilestoneSerializer(serializers.ModelSerializer[Milestone]):
    latest_percent = serializers.IntegerField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "engagement",
            "phase",
            "title",
            "planned_date",
            "actual_date",
            "deliverables",
            "owner",
            "order",
            "latest_percent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class MilestoneInputSerializer(serializers.Serializer[dict[str, Any]]):
    phase = serializers.ChoiceField(choices=Phase.choices)
    title = serializers.CharField(max_length=200)
    planned_date = serializers.DateField()
    deliverables = serializers.CharField(required=False, allow_blank=True, default="")
    owner = serializers.IntegerField(required=False, allow_null=True, default=None)
    order = serializers.IntegerField(required=False, min_value=0, max_value=999, default=0)


class MilestoneCompleteSerializer(serializers.Serializer[dict[str, Any]]):
    on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ProgressEntrySerializer(serializers.ModelSerializer[ProgressEntry]):
    class Meta:
        model = ProgressEntry
        fields = ["id", "milestone", "author", "at", "percent_complete", "note"]
        read_only_fields = fields


class ProgressInputSerializer(serializers.Serializer[dict[str, Any]]):
    percent_complete = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class TimeEntrySerializer(serializers.ModelSerializer[TimeEntry]):
    class Meta:
        model = TimeEntry
        fields = ["id", "engagement", "user", "date", "hours", "note", "created_at"]
        read_only_fields = fields


class TimeEntryInputSerializer(serializers.Serializer[dict[str, Any]]):
    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ExpenseSerializer(serializers.ModelSerializer[ExpenseEntry]):
    """In and out: one component, so its ``kind`` choice set gets its own schema name."""

    class Meta:
        model = ExpenseEntry
        fields = ["id", "engagement", "user", "date", "kind", "amount", "note", "created_at"]
        read_only_fields = ["id", "engagement", "user", "created_at"]


class CostTotalsSerializer(serializers.Serializer[sel.CostTotals]):
    hours = serializers.DecimalField(max_digits=14, decimal_places=2)
    expenses = serializers.DecimalField(max_digits=14, decimal_places=2)
    by_kind = serializers.DictField(child=serializers.DecimalField(max_digits=14, decimal_places=2))


class AttendanceSerializer(serializers.ModelSerializer[MeetingAttendance]):
    class Meta:
        model = MeetingAttendance
        fields = ["user", "attended"]
        read_only_fields = fields


class ActionItemSerializer(serializers.ModelSerializer[ActionItem]):
    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "description", "owner", "due_date", "done_at"]
        read_only_fields = fields


class ActionItemInputSerializer(serializers.Serializer[dict[str, Any]]):
    description = serializers.CharField(max_length=500)
    owner = serializers.IntegerField()
    due_date = serializers.DateField()


class DistributionSerializer(serializers.ModelSerializer[MeetingDistribution]):
    class Meta:
        model = MeetingDistribution
        fields = ["recipient", "distributed_by", "distributed_at"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    """In and out (one component, as for expenses). Minutes, decisions, attendance, action
    items and distribution change only through their own endpoints."""

    participants = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, write_only=True
    )
    attendance = AttendanceSerializer(many=True, read_only=True)
    action_items = ActionItemSerializer(many=True, read_only=True)
    distributions = DistributionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "engagement",
            "kind",
            "title",
            "held_at",
            "agenda",
            "materials",
            "participants",
            "minutes",
            "decisions",
            "created_by",
            "distributed_at",
            "created_at",
            "attendance",
            "action_items",
            "distributions",
        ]
        read_only_fields = [
            "id",
            "engagement",
            "minutes",
            "decisions",
            "created_by",
            "distributed_at",
            "created_at",
        ]


class MinutesInputSerializer(serializers.Serializer[dict[str, Any]]):
    minutes = serializers.CharField()
    decisions = serializers.CharField(required=False, allow_blank=True, default="")
    attended = serializers.ListField(
        child=serializers.IntegerField(), required=False, allow_null=True, default=None
    )


class ProgressReportSerializer(serializers.ModelSerializer[ProgressReport]):
    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "engagement",
            "period_start",
            "period_end",
            "summary",
            "author",
            "sent_at",
            "created_at",
        ]
        read_only_fields = fields


class ProgressReportInputSerializer(serializers.Serializer[dict[str, Any]]):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    summary = serializers.CharField()


class CadenceInputSerializer(serializers.Serializer[dict[str, Any]]):
    every_days = serializers.IntegerField(min_value=1, max_value=366)


class ReportDueSerializer(serializers.Serializer[sel.ReportDue]):
    due_on = serializers.DateField()
    every_days = serializers.IntegerField()
    last_sent_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()


# --- views -----------------------------------------------------------------------------------


class StaffOnly(BasePermission):
    """Firm staff only: these endpoints are internal to the engagement team."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*ROLES_FOR["engagements"]))


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class PlanAPIView(APIView):
    permission_classes = [IsAuthenticated, StaffOnly]

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)


class PlanListView[M: Any](ListAPIView[M]):
    """A paginated list under one engagement (404 if it is not visible)."""

    permission_classes = [IsAuthenticated, StaffOnly]

    @property
    def actor(self) -> User:
        return cast(User, self.request.user)

    def rows(self, engagement: Any) -> QuerySet[M]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[M]:
        if getattr(self, "swagger_fake_view", False):
            return cast("QuerySet[M]", type(self).queryset)
        return self.rows(sel.engagement_for(self.actor, self.kwargs["pk"]))


class EngagementMilestonesView(PlanListView[Milestone]):
    """Milestones in phase order with their latest progress."""

    serializer_class = MilestoneSerializer
    queryset = Milestone.objects.none()

    def rows(self, engagement: Any) -> QuerySet[Milestone]:
        return sel.milestones_with_progress(engagement=engagement)

    @extend_schema(request=MilestoneInputSerializer, responses={201: MilestoneSerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(MilestoneInputSerializer, request)
        milestone = svc.milestone_create(
            actor=self.actor,
            engagement_id=pk,
            phase=d["phase"],
            title=d["title"],
            planned_date=d["planned_date"],
            deliverables=d["deliverables"],
            owner_id=d["owner"],
            order=d["order"],
        )
        row = sel.milestone_row(milestone_id=milestone.pk)
        return Response(MilestoneSerializer(row).data, status=status.HTTP_201_CREATED)


class MilestoneDetailView(PlanAPIView):
    @extend_schema(responses=MilestoneSerializer)
    def get(self, request: Request, milestone_pk: int) -> Response:
        milestone = sel.milestone_for(self.actor, milestone_pk)
        return Response(MilestoneSerializer(sel.milestone_row(milestone_id=milestone.pk)).data)

    @extend_schema(request=MilestoneInputSerializer, responses=MilestoneSerializer)
    def put(self, request: Request, milestone_pk: int) -> Response:
        d = _valid(MilestoneInputSerializer, request)
        milestone = svc.milestone_update(
            actor=self.actor,
            milestone_id=milestone_pk,
            phase=d["phase"],
            title=d["title"],
            planned_date=d["planned_date"],
            deliverables=d["deliverables"],
            owner_id=d["owner"],
            order=d["order"],
        )
        return Response(MilestoneSerializer(sel.milestone_row(milestone_id=milestone.pk)).data)


class MilestoneProgressView(PlanAPIView):
    @extend_schema(responses=ProgressEntrySerializer(many=True))
    def get(self, request: Request, milestone_pk: int) -> Response:
        milestone = sel.milestone_for(self.actor, milestone_pk)
        entries = milestone.progress_entries.order_by("-at", "-id")
        return Response(ProgressEntrySerializer(entries, many=True).data)

    @extend_schema(request=ProgressInputSerializer, responses={201: ProgressEntrySerializer})
    def post(self, request: Request, milestone_pk: int) -> Response:
        d = _valid(ProgressInputSerializer, request)
        entry = svc.progress_log(
            actor=self.actor,
            milestone_id=milestone_pk,
            percent_complete=d["percent_complete"],
            note=d["note"],
        )
        return Response(ProgressEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class MilestoneCompleteView(PlanAPIView):
    @extend_schema(request=MilestoneCompleteSerializer, responses=MilestoneSerializer)
    def post(self, request: Request, milestone_pk: int) -> Response:
        d = _valid(MilestoneCompleteSerializer, request)
        milestone = svc.milestone_complete(
            actor=self.actor, milestone_id=milestone_pk, on=d["on"], note=d["note"]
        )
        return Response(MilestoneSerializer(sel.milestone_row(milestone_id=milestone.pk)).data)


class EngagementTeamView(PlanListView[TeamMember]):
    serializer_class = TeamMemberSerializer
    queryset = TeamMember.objects.none()

    def rows(self, engagement: Any) -> QuerySet[TeamMember]:
        return sel.team_list(engagement=engagement)

    @extend_schema(request=TeamMemberInputSerializer, responses={201: TeamMemberSerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(TeamMemberInputSerializer, request)
        member = svc.team_member_add(
            actor=self.actor, engagement_id=pk, user_id=d["user"], role=d["role"]
        )
        return Response(TeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)


class TeamMemberDetailView(PlanAPIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, member_pk: int) -> Response:
        svc.team_member_remove(actor=self.actor, member_id=member_pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EngagementTimeEntriesView(PlanListView[TimeEntry]):
    serializer_class = TimeEntrySerializer
    queryset = TimeEntry.objects.none()

    def rows(self, engagement: Any) -> QuerySet[TimeEntry]:
        return TimeEntry.objects.filter(engagement=engagement).order_by("-date", "-id")

    @extend_schema(request=TimeEntryInputSerializer, responses={201: TimeEntrySerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(TimeEntryInputSerializer, request)
        entry = svc.time_log(
            actor=self.actor, engagement_id=pk, day=d["date"], hours=d["hours"], note=d["note"]
        )
        return Response(TimeEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class EngagementExpensesView(PlanListView[ExpenseEntry]):
    serializer_class = ExpenseSerializer
    queryset = ExpenseEntry.objects.none()

    def rows(self, engagement: Any) -> QuerySet[ExpenseEntry]:
        return ExpenseEntry.objects.filter(engagement=engagement).order_by("-date", "-id")

    @extend_schema(request=ExpenseSerializer, responses={201: ExpenseSerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(ExpenseSerializer, request)
        entry = svc.expense_log(
            actor=self.actor,
            engagement_id=pk,
            day=d["date"],
            kind=d["kind"],
            amount=d["amount"],
            note=d.get("note", ""),
        )
        return Response(ExpenseSerializer(entry).data, status=status.HTTP_201_CREATED)


class EngagementCostsView(PlanAPIView):
    @extend_schema(responses=CostTotalsSerializer)
    def get(self, request: Request, pk: int) -> Response:
        engagement = sel.engagement_for(self.actor, pk)
        return Response(CostTotalsSerializer(sel.cost_totals(engagement=engagement)).data)


class EngagementMeetingsView(PlanListView[Meeting]):
    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()

    def rows(self, engagement: Any) -> QuerySet[Meeting]:
        return (
            Meeting.objects.filter(engagement=engagement)
            .prefetch_related("attendance", "action_items", "distributions")
            .order_by("-held_at", "-id")
        )

    @extend_schema(request=MeetingSerializer, responses={201: MeetingSerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(MeetingSerializer, request)
        meeting = meeting_svc.meeting_create(
            actor=self.actor,
            engagement_id=pk,
            kind=d["kind"],
            title=d["title"],
            held_at=d["held_at"],
            agenda=d.get("agenda", ""),
            materials=d.get("materials", ""),
            participant_ids=d["participants"],
        )
        detail = sel.meeting_detail(meeting_id=meeting.pk)
        return Response(MeetingSerializer(detail).data, status=status.HTTP_201_CREATED)


class MeetingDetailView(PlanAPIView):
    @extend_schema(responses=MeetingSerializer)
    def get(self, request: Request, meeting_pk: int) -> Response:
        meeting = sel.meeting_for(self.actor, meeting_pk)
        return Response(MeetingSerializer(sel.meeting_detail(meeting_id=meeting.pk)).data)


class MeetingMinutesView(PlanAPIView):
    @extend_schema(request=MinutesInputSerializer, responses=MeetingSerializer)
    def post(self, request: Request, meeting_pk: int) -> Response:
        d = _valid(MinutesInputSerializer, request)
        meeting = meeting_svc.meeting_record_minutes(
            actor=self.actor,
            meeting_id=meeting_pk,
            minutes=d["minutes"],
            decisions=d["decisions"],
            attended_ids=d["attended"],
        )
        return Response(MeetingSerializer(sel.meeting_detail(meeting_id=meeting.pk)).data)


class MeetingActionItemsView(PlanAPIView):
    @extend_schema(request=ActionItemInputSerializer, responses={201: ActionItemSerializer})
    def post(self, request: Request, meeting_pk: int) -> Response:
        d = _valid(ActionItemInputSerializer, request)
        item = meeting_svc.action_item_add(
            actor=self.actor,
            meeting_id=meeting_pk,
            description=d["description"],
            owner_id=d["owner"],
            due_date=d["due_date"],
        )
        return Response(ActionItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ActionItemDoneView(PlanAPIView):
    @extend_schema(request=None, responses=ActionItemSerializer)
    def post(self, request: Request, item_pk: int) -> Response:
        item = meeting_svc.action_item_done(actor=self.actor, item_id=item_pk)
        return Response(ActionItemSerializer(item).data)


class MeetingDistributeView(PlanAPIView):
    @extend_schema(request=None, responses=MeetingSerializer)
    def post(self, request: Request, meeting_pk: int) -> Response:
        meeting = meeting_svc.meeting_distribute(actor=self.actor, meeting_id=meeting_pk)
        return Response(MeetingSerializer(sel.meeting_detail(meeting_id=meeting.pk)).data)


class EngagementProgressReportsView(PlanListView[ProgressReport]):
    serializer_class = ProgressReportSerializer
    queryset = ProgressReport.objects.none()

    def rows(self, engagement: Any) -> QuerySet[ProgressReport]:
        return sel.progress_report_list(engagement=engagement)

    @extend_schema(request=ProgressReportInputSerializer, responses={201: ProgressReportSerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = _valid(ProgressReportInputSerializer, request)
        report = meeting_svc.progress_report_create(actor=self.actor, engagement_id=pk, **d)
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ProgressReportSendView(PlanAPIView):
    @extend_schema(request=None, responses=ProgressReportSerializer)
    def post(self, request: Request, report_pk: int) -> Response:
        report = meeting_svc.progress_report_send(actor=self.actor, report_id=report_pk)
        return Response(ProgressReportSerializer(report).data)


class EngagementReportingView(PlanAPIView):
    """The agreed reporting cadence and when the next report is due (COM-2)."""

    @extend_schema(responses=ReportDueSerializer)
    def get(self, request: Request, pk: int) -> Response:
        engagement = sel.engagement_for(self.actor, pk)
        return Response(ReportDueSerializer(sel.progress_report_due(engagement=engagement)).data)

    @extend_schema(request=CadenceInputSerializer, responses=ReportDueSerializer)
    def put(self, request: Request, pk: int) -> Response:
        d = _valid(CadenceInputSerializer, request)
        cadence = meeting_svc.reporting_cadence_set(
            actor=self.actor, engagement_id=pk, every_days=d["every_days"]
        )
        due = sel.progress_report_due(engagement=cadence.engagement)
        return Response(ReportDueSerializer(due).data)
