"""Reads for the plan, team, meetings, costs and progress reports of an engagement, each in a
fixed number of queries whatever the number of milestones, meetings or entries. Every lookup
starts from ``visible_to`` so a foreign object answers 404 like a missing one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from core.exceptions import NotFoundError
from engagements.models import (
    ActionItem,
    Engagement,
    ExpenseEntry,
    Meeting,
    Milestone,
    ProgressEntry,
    ProgressReport,
    ReportingCadence,
    TeamMember,
    TimeEntry,
)
from engagements.models.meetings import MeetingKind
from engagements.models.plan import ExpenseKind, Phase, phase_rank
from engagements.permissions import can_manage, can_work_on, visible_to
from staff.models import User

DEFAULT_CADENCE_DAYS = 14
# Milestones planned within this many days count as upcoming.
UPCOMING_DAYS = 14
RECENT_MEETINGS = 5

# --- who may do what ---------------------------------------------------------------------


# --- scoped lookups (404 for foreign and missing alike) ---------------------------------------


def engagement_for(user: User, engagement_id: int, *, lock: bool = False) -> Engagement:
    qs = visible_to(user)
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=engagement_id).first()
    if found is None:
        raise NotFoundError(_not_found())
    return found


def milestone_for(user: User, milestone_id: int, *, lock: bool = False) -> Milestone:
    qs = Milestone.objects.filter(engagement__in=visible_to(user)).select_related(
        "engagement", "owner"
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=milestone_id).first()
    if found is None:
        raise NotFoundError(_not_found())
    return found


def meeting_for(user: User, meeting_id: int, *, lock: bool = False) -> Meeting:
    qs = Meeting.objects.filter(engagement__in=visible_to(user)).select_related("engagement")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=meeting_id).first()
    if found is None:
        raise NotFoundError(_not_found())
    return found


def action_item_for(user: User, item_id: int, *, lock: bool = False) -> ActionItem:
    qs = ActionItem.objects.filter(meeting__engagement__in=visible_to(user)).select_related(
        "meeting__engagement", "owner"
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=item_id).first()
    if found is None:
        raise NotFoundError(_not_found())
    return found


def team_member_for(user: User, member_id: int, *, lock: bool = False) -> TeamMember:
    qs = TeamMember.objects.filter(engagement__in=visible_to(user)).select_related(
        "engagement", "user"
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=member_id).first()
    if found is None:
        raise NotFoundError(_not_found())
    return found


def progress_report_for(user: User, report_id: int, *, lock: bool = False) -> ProgressReport:
    qs = ProgressReport.objects.filter(engagement__in=visible_to(user)).select_related(
        "engagement", "author"
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=report_id).first()
    if found is None:
        raise NotFoundError(_not_found())
    return found


def _not_found() -> str:
    return gettext("Not found.")


# --- team ------------------------------------------------------------------------------------


def team_list(*, engagement: Engagement) -> QuerySet[TeamMember]:
    return (
        TeamMember.objects.filter(engagement=engagement)
        .select_related("user")
        .order_by("role", "user__username", "id")
    )


def team_candidates(*, engagement: Engagement) -> QuerySet[User]:
    """People who may be put on the team: active firm staff (never client users)."""
    return User.objects.filter(is_active=True, client__isnull=True).order_by("username")


def team_user_ids(*, engagement: Engagement) -> set[int]:
    """The engagement's members and its project manager: who may own its work items."""
    ids = set(
        Engagement.members.through.objects.filter(engagement_id=engagement.pk).values_list(
            "user_id", flat=True
        )
    )
    if engagement.project_manager_id:
        ids.add(engagement.project_manager_id)
    return ids


def team_users(*, engagement: Engagement) -> QuerySet[User]:
    members = Engagement.members.through.objects.filter(engagement_id=engagement.pk).values(
        "user_id"
    )
    return User.objects.filter(
        Q(pk__in=members) | Q(pk=engagement.project_manager_id or 0), is_active=True
    ).order_by("username")


# --- milestones ------------------------------------------------------------------------------


def milestones_with_progress(*, engagement: Engagement) -> QuerySet[Milestone]:
    """Milestones in phase order, each with its latest progress entry (one query)."""
    latest = ProgressEntry.objects.filter(milestone=OuterRef("pk")).order_by("-at", "-id")
    return (
        Milestone.objects.filter(engagement=engagement)
        .select_related("owner")
        .annotate(
            phase_rank=phase_rank(),
            latest_percent=Subquery(latest.values("percent_complete")[:1]),
            latest_at=Subquery(latest.values("at")[:1]),
        )
        .order_by("phase_rank", "order", "planned_date", "id")
    )


def milestone_row(*, milestone_id: int) -> Milestone:
    """One milestone annotated like the rows of ``milestones_with_progress``."""
    latest = ProgressEntry.objects.filter(milestone=OuterRef("pk")).order_by("-at", "-id")
    return (
        Milestone.objects.select_related("owner", "engagement")
        .annotate(
            latest_percent=Subquery(latest.values("percent_complete")[:1]),
            latest_at=Subquery(latest.values("at")[:1]),
        )
        .get(pk=milestone_id)
    )


def latest_percent(*, milestone: Milestone) -> int | None:
    return (
        ProgressEntry.objects.filter(milestone=milestone)
        .order_by("-at", "-id")
        .values_list("percent_complete", flat=True)
        .first()
    )


def overdue_milestones(*, engagement: Engagement, today: date | None = None) -> QuerySet[Milestone]:
    today = today or timezone.localdate()
    return milestones_with_progress(engagement=engagement).filter(
        actual_date__isnull=True, planned_date__lt=today
    )


def upcoming_milestones(
    *, engagement: Engagement, today: date | None = None, within_days: int = UPCOMING_DAYS
) -> QuerySet[Milestone]:
    today = today or timezone.localdate()
    return milestones_with_progress(engagement=engagement).filter(
        actual_date__isnull=True,
        planned_date__gte=today,
        planned_date__lte=today + timedelta(days=within_days),
    )


@dataclass
class PhaseGroup:
    phase: str
    label: str
    milestones: list[Milestone] = field(default_factory=list)


def milestones_by_phase(milestones: list[Milestone]) -> list[PhaseGroup]:
    """Groups rows already in phase order; every phase is listed, empty ones too."""
    groups = {code: PhaseGroup(code, str(label)) for code, label in Phase.choices}
    for milestone in milestones:
        groups[milestone.phase].milestones.append(milestone)
    return list(groups.values())


# --- costs -----------------------------------------------------------------------------------

_MONEY = DecimalField(max_digits=14, decimal_places=2)


@dataclass(frozen=True)
class CostTotals:
    hours: Decimal
    expenses: Decimal
    by_kind: dict[str, Decimal]

    @property
    def rows(self) -> list[tuple[str, Decimal]]:
        """(label, amount) per kind of expense, in the choices' order, for display."""
        return [(str(label), self.by_kind[code]) for code, label in ExpenseKind.choices]


def cost_totals(*, engagement: Engagement) -> CostTotals:
    """Hours and expenses summed in SQL: two queries whatever the number of entries."""
    hours = TimeEntry.objects.filter(engagement=engagement).aggregate(
        total=Coalesce(Sum("hours"), Value(Decimal("0")), output_field=_MONEY)
    )["total"]
    sums = {
        kind: Coalesce(Sum("amount", filter=Q(kind=kind)), Value(Decimal("0")), output_field=_MONEY)
        for kind in ExpenseKind.values
    }
    expenses = ExpenseEntry.objects.filter(engagement=engagement).aggregate(
        total=Coalesce(Sum("amount"), Value(Decimal("0")), output_field=_MONEY), **sums
    )
    total = expenses.pop("total")
    return CostTotals(hours=hours, expenses=total, by_kind=expenses)


def hours_logged_on(*, user: User, day: date) -> Decimal:
    """Everything the person logged that day, on any engagement."""
    result: Decimal = TimeEntry.objects.filter(user=user, date=day).aggregate(
        total=Coalesce(Sum("hours"), Value(Decimal("0")), output_field=_MONEY)
    )["total"]
    return result


# --- meetings --------------------------------------------------------------------------------


def meeting_list(*, engagement: Engagement) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(engagement=engagement)
        .annotate(
            open_items=Count("action_items", filter=Q(action_items__done_at__isnull=True)),
            participant_count=Count("attendance", distinct=True),
        )
        .order_by("-held_at", "-id")
    )


def meeting_detail(*, meeting_id: int) -> Meeting:
    return (
        Meeting.objects.select_related("engagement", "created_by")
        .prefetch_related("attendance__user", "action_items__owner", "distributions__recipient")
        .get(pk=meeting_id)
    )


def meeting_recipients(*, meeting: Meeting) -> QuerySet[User]:
    """Who receives the minutes: everyone invited (present or not) and every owner of an
    action item (COM-1)."""
    invited = meeting.attendance.values("user_id")
    owners = meeting.action_items.values("owner_id")
    return User.objects.filter(Q(pk__in=invited) | Q(pk__in=owners), is_active=True).order_by(
        "username"
    )


def kickoff_for(*, engagement: Engagement) -> Meeting | None:
    return Meeting.objects.filter(engagement=engagement, kind=MeetingKind.KICKOFF).first()


# --- progress reports (COM-2) ----------------------------------------------------------------


def cadence_days(*, engagement: Engagement) -> int:
    days = (
        ReportingCadence.objects.filter(engagement=engagement)
        .values_list("every_days", flat=True)
        .first()
    )
    return days or DEFAULT_CADENCE_DAYS


@dataclass(frozen=True)
class ReportDue:
    due_on: date
    every_days: int
    last_sent_on: date | None
    overdue: bool


def progress_report_due(*, engagement: Engagement, today: date | None = None) -> ReportDue:
    """The next report is due one cadence after the last one sent; before any was sent, one
    cadence after the kickoff meeting (or, without one, after the engagement was opened)."""
    today = today or timezone.localdate()
    every_days = cadence_days(engagement=engagement)
    last_sent = (
        ProgressReport.objects.filter(engagement=engagement, sent_at__isnull=False)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    if last_sent is not None:
        start = timezone.localdate(last_sent)
    else:
        kickoff = (
            Meeting.objects.filter(engagement=engagement, kind=MeetingKind.KICKOFF)
            .values_list("held_at", flat=True)
            .first()
        )
        start = timezone.localdate(kickoff or engagement.created_at)
    due_on = start + timedelta(days=every_days)
    return ReportDue(
        due_on=due_on,
        every_days=every_days,
        last_sent_on=timezone.localdate(last_sent) if last_sent else None,
        overdue=due_on < today,
    )


def progress_report_list(*, engagement: Engagement) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(engagement=engagement)
        .select_related("author")
        .order_by("-period_end", "-id")
    )


# --- the whole plan section ------------------------------------------------------------------


@dataclass
class PlanOverview:
    engagement: Engagement
    team: list[TeamMember]
    phases: list[PhaseGroup]
    milestone_count: int
    overdue_count: int
    upcoming_count: int
    meetings: list[Meeting]
    meeting_count: int
    has_kickoff: bool
    costs: CostTotals
    report_due: ReportDue
    reports: list[ProgressReport]
    can_manage: bool
    can_work: bool
    today: date


def plan_overview(*, engagement: Engagement, user: User) -> PlanOverview:
    """Everything the plan section shows, in a fixed number of queries."""
    today = timezone.localdate()
    milestones = list(milestones_with_progress(engagement=engagement))
    overdue = sum(1 for m in milestones if m.actual_date is None and m.planned_date < today)
    upcoming_end = today + timedelta(days=UPCOMING_DAYS)
    upcoming = sum(
        1 for m in milestones if m.actual_date is None and today <= m.planned_date <= upcoming_end
    )
    meetings = meeting_list(engagement=engagement)
    return PlanOverview(
        engagement=engagement,
        team=list(team_list(engagement=engagement)),
        phases=milestones_by_phase(milestones),
        milestone_count=len(milestones),
        overdue_count=overdue,
        upcoming_count=upcoming,
        meetings=list(meetings[:RECENT_MEETINGS]),
        meeting_count=Meeting.objects.filter(engagement=engagement).count(),
        has_kickoff=Meeting.objects.filter(
            engagement=engagement, kind=MeetingKind.KICKOFF
        ).exists(),
        costs=cost_totals(engagement=engagement),
        report_due=progress_report_due(engagement=engagement, today=today),
        reports=list(progress_report_list(engagement=engagement)[:3]),
        can_manage=can_manage(user, engagement),
        can_work=can_work_on(user, engagement),
        today=today,
    )
