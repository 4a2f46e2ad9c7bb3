"""Plan pages: the plan section of the engagement page (loaded by htmx, so its queries are
ours and fixed), the inline progress form of a milestone row (ENG-8), and plain form pages
for the team (ENG-7), milestones, time and expenses, meetings (ENG-7, COM-1) and progress
reports (COM-2). Forms only validate shape; every write goes through a service, and a
refusal shows the form again with the translated reason, nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.navigation import ROLES_FOR
from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements.forms.plan import (
    ActionItemForm,
    CadenceForm,
    ExpenseForm,
    MeetingForm,
    MilestoneForm,
    MinutesForm,
    ProgressForm,
    ProgressReportForm,
    TeamMemberForm,
    TimeEntryForm,
)
from engagements.models import Engagement, Milestone
from engagements.models.meetings import MeetingKind
from engagements.models.plan import Phase
from engagements.permissions import access_engagement, can_manage, can_work_on
from engagements.selectors import plan as sel
from engagements.services import meetings as meeting_svc
from engagements.services import plan as svc
from staff.models import User

STAFF = ROLES_FOR["engagements"]
ROW = "engagements/plan/_body.html#milestone-row"
PROGRESS_FORM = "engagements/plan/_body.html#progress-form"


# --- helpers ---------------------------------------------------------------------------------


def add_service_error(form: forms.Form, exc: ApplicationError) -> None:
    """Show a refusal next to the field it names, else above the form."""
    placed = False
    for name, errors in exc.extra.items():
        if name in form.fields:
            for error in errors if isinstance(errors, list) else [errors]:
                form.add_error(name, str(error))
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _plan_url(engagement_id: int) -> str:
    return reverse("engagements:detail", args=[engagement_id]) + "?tab=plan"


def _form_page(
    request: AuthedHttpRequest,
    *,
    engagement: Engagement,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    title: str,
    done: str,
    next_url: str | None = None,
    intro: str = "",
) -> HttpResponse:
    """GET shows the form; a valid POST calls ``save`` (a service) and goes back to the
    plan; invalid input or a refusal shows the form again with the reasons (400/409)."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, done)
                return redirect(next_url or _plan_url(engagement.pk))
        else:
            status = 400
    context = {
        "engagement": engagement,
        "form": form,
        "title": title,
        "intro": intro,
        "back_url": next_url or _plan_url(engagement.pk),
    }
    return render(request, "engagements/plan/form_page.html", context, status=status)


def _row_context(request: AuthedHttpRequest, milestone_id: int) -> dict[str, Any]:
    milestone = sel.milestone_row(milestone_id=milestone_id)
    return {
        "m": milestone,
        "can_work": can_work_on(request.user, milestone.engagement),
        "can_manage": can_manage(request.user, milestone.engagement),
        "today": timezone.localdate(),
    }


# --- the plan section and the milestone row (ENG-8) ------------------------------------------


@role_required(*STAFF)
def plan_section_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    overview = sel.plan_overview(engagement=engagement, user=request.user)
    return render(request, "engagements/plan/_body.html", {"o": overview})


@role_required(*STAFF)
def milestone_row_view(request: AuthedHttpRequest, milestone_pk: int) -> HttpResponse:
    milestone = sel.milestone_for(request.user, milestone_pk)
    return render(request, ROW, _row_context(request, milestone.pk))


@role_required(*STAFF)
def progress_log_view(request: AuthedHttpRequest, milestone_pk: int) -> HttpResponse:
    """GET: the inline form in place of the row. POST: log the entry and answer the updated
    row; invalid input answers the form again with its errors (200, so htmx swaps it in)."""
    milestone = sel.milestone_for(request.user, milestone_pk)
    svc.require_team(request.user, milestone.engagement)
    if request.method == "POST":
        form = ProgressForm(request.POST)
        if form.is_valid():
            try:
                svc.progress_log(actor=request.user, milestone_id=milestone.pk, **form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                if request.htmx:  # type: ignore[attr-defined]
                    return render(request, ROW, _row_context(request, milestone.pk))
                messages.success(request, _("Progress logged."))
                return redirect(_plan_url(milestone.engagement_id))
    else:
        form = ProgressForm(initial={"percent_complete": sel.latest_percent(milestone=milestone)})
    context = {"m": milestone, "form": form, "engagement": milestone.engagement}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, PROGRESS_FORM, context)
    status = 400 if form.errors else 200
    return render(request, "engagements/plan/progress_page.html", context, status=status)


@require_POST
@role_required(*STAFF)
def milestone_complete_view(request: AuthedHttpRequest, milestone_pk: int) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only 2xx answers: a refusal comes back inside the row it concerns.
        milestone = sel.milestone_for(request.user, milestone_pk)
        try:
            svc.milestone_complete(actor=request.user, milestone_id=milestone.pk)
        except ApplicationError as exc:
            context = {**_row_context(request, milestone.pk), "error": exc.message}
            return render(request, ROW, context)
        return render(request, ROW, _row_context(request, milestone.pk))
    milestone = svc.milestone_complete(actor=request.user, milestone_id=milestone_pk)
    messages.success(request, _("Milestone completed."))
    return redirect(_plan_url(milestone.engagement_id))


def _milestone_fields(d: dict[str, Any]) -> dict[str, Any]:
    """The milestone form's data as the create and update services take it."""
    return {
        "phase": d["phase"],
        "title": d["title"],
        "planned_date": d["planned_date"],
        "deliverables": d["deliverables"],
        "owner_id": d["owner"].pk if d["owner"] else None,
        "order": d["order"],
    }


@role_required(*STAFF)
def milestone_create_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    svc.require_manager(request.user, engagement)
    initial = {"phase": request.GET.get("phase") or Phase.RESEARCH, "order": 0}
    form = MilestoneForm(request.POST or None, engagement=engagement, initial=initial)
    return _form_page(
        request,
        engagement=engagement,
        form=form,
        save=lambda d: svc.milestone_create(
            actor=request.user, engagement_id=engagement.pk, **_milestone_fields(d)
        ),
        title=_("Add a milestone"),
        done=_("Milestone added."),
    )


@role_required(*STAFF)
def milestone_update_view(request: AuthedHttpRequest, milestone_pk: int) -> HttpResponse:
    milestone: Milestone = sel.milestone_for(request.user, milestone_pk)
    engagement = milestone.engagement
    svc.require_manager(request.user, engagement)
    initial = {
        "phase": milestone.phase,
        "title": milestone.title,
        "planned_date": milestone.planned_date,
        "deliverables": milestone.deliverables,
        "owner": milestone.owner_id,
        "order": milestone.order,
    }
    form = MilestoneForm(request.POST or None, engagement=engagement, initial=initial)
    return _form_page(
        request,
        engagement=engagement,
        form=form,
        save=lambda d: svc.milestone_update(
            actor=request.user, milestone_id=milestone.pk, **_milestone_fields(d)
        ),
        title=_("Edit the milestone"),
        done=_("Milestone saved."),
    )


# --- team (ENG-7) ----------------------------------------------------------------------------


@role_required(*STAFF)
def team_member_add_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    svc.require_manager(request.user, engagement)
    form = TeamMemberForm(request.POST or None, engagement=engagement)
    return _form_page(
        request,
        engagement=engagement,
        form=form,
        save=lambda d: svc.team_member_add(
            actor=request.user, engagement_id=engagement.pk, user_id=d["user"].pk, role=d["role"]
        ),
        title=_("Add a team member"),
        done=_("Team member added."),
    )


@require_POST
@role_required(*STAFF)
def team_member_remove_view(request: AuthedHttpRequest, member_pk: int) -> HttpResponse:
    member = svc.team_member_remove(actor=request.user, member_id=member_pk)
    messages.success(request, _("Team member removed."))
    return redirect(_plan_url(member.engagement_id))


# --- time and expenses -----------------------------------------------------------------------


@role_required(*STAFF)
def time_log_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    svc.require_team(request.user, engagement)
    form = TimeEntryForm(request.POST or None, initial={"day": timezone.localdate()})
    return _form_page(
        request,
        engagement=engagement,
        form=form,
        save=lambda d: svc.time_log(actor=request.user, engagement_id=engagement.pk, **d),
        title=_("Log time"),
        done=_("Time logged."),
    )


@role_required(*STAFF)
def expense_log_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    svc.require_team(request.user, engagement)
    form = ExpenseForm(request.POST or None, initial={"day": timezone.localdate()})
    return _form_page(
        request,
        engagement=engagement,
        form=form,
        save=lambda d: svc.expense_log(actor=request.user, engagement_id=engagement.pk, **d),
        title=_("Log an expense"),
        done=_("Expense logged."),
    )


# --- meetings (ENG-7, COM-1) -----------------------------------------------------------------


@role_required(*STAFF)
def meeting_create_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    svc.require_manager(request.user, engagement)
    kind = request.GET.get("kind", MeetingKind.WEEKLY)
    initial: dict[str, Any] = {"kind": kind, "held_at": timezone.localtime().replace(second=0)}
    if kind == MeetingKind.KICKOFF:
        initial["title"] = _("Kickoff meeting")
        initial["agenda"] = meeting_svc.kickoff_agenda_template()
        initial["participants"] = list(sel.team_user_ids(engagement=engagement))
    form = MeetingForm(request.POST or None, engagement=engagement, initial=initial)
    created: dict[str, Any] = {}

    def save(d: dict[str, Any]) -> object:
        created["meeting"] = meeting_svc.meeting_create(
            actor=request.user,
            engagement_id=engagement.pk,
            kind=d["kind"],
            title=d["title"],
            held_at=d["held_at"],
            agenda=d["agenda"],
            materials=d["materials"],
            participant_ids=[u.pk for u in d["participants"]],
        )
        return created["meeting"]

    response = _form_page(
        request,
        engagement=engagement,
        form=form,
        save=save,
        title=_("New meeting"),
        done=_("Meeting created."),
        intro=_(
            "A kickoff agenda covers background, goals, tasks, schedule, quality requirements "
            "and communication rules."
        ),
    )
    if "meeting" in created:
        return redirect("engagements:meeting_detail", created["meeting"].pk)
    return response


def _meeting_page(
    request: AuthedHttpRequest, meeting_pk: int, *, bound: dict[str, forms.Form], status: int = 200
) -> HttpResponse:
    meeting = sel.meeting_for(request.user, meeting_pk)
    meeting = sel.meeting_detail(meeting_id=meeting.pk)
    engagement = meeting.engagement
    invited = [row.user for row in meeting.attendance.all()]
    invited_qs = meeting.participants.all()
    owners = User.objects.filter(
        Q(pk__in=[u.pk for u in invited]) | Q(pk__in=sel.team_user_ids(engagement=engagement)),
        is_active=True,
    ).order_by("username")
    attended = [row.user_id for row in meeting.attendance.all() if row.attended]
    context = {
        "engagement": engagement,
        "meeting": meeting,
        "can_manage": can_manage(request.user, engagement),
        "minutes_form": bound.get("minutes")
        or MinutesForm(
            invited=invited_qs,
            initial={
                "minutes": meeting.minutes,
                "decisions": meeting.decisions,
                "attended": attended,
            },
        ),
        "action_form": bound.get("action")
        or ActionItemForm(owners=owners, initial={"due_date": timezone.localdate()}),
        "recipients": sel.meeting_recipients(meeting=meeting),
        "back_url": _plan_url(engagement.pk),
    }
    return render(request, "engagements/plan/meeting_detail.html", context, status=status)


@role_required(*STAFF)
def meeting_detail_view(request: AuthedHttpRequest, meeting_pk: int) -> HttpResponse:
    return _meeting_page(request, meeting_pk, bound={})


def _meeting_step(
    request: AuthedHttpRequest,
    meeting_pk: int,
    *,
    name: str,
    form: forms.Form,
    run: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
            return _meeting_page(request, meeting_pk, bound={name: form}, status=exc.status_code)
        messages.success(request, done)
        return redirect("engagements:meeting_detail", meeting_pk)
    return _meeting_page(request, meeting_pk, bound={name: form}, status=400)


@require_POST
@role_required(*STAFF)
def meeting_minutes_view(request: AuthedHttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = sel.meeting_for(request.user, meeting_pk)
    form = MinutesForm(request.POST, invited=meeting.participants.all())
    return _meeting_step(
        request,
        meeting.pk,
        name="minutes",
        form=form,
        run=lambda d: meeting_svc.meeting_record_minutes(
            actor=request.user,
            meeting_id=meeting.pk,
            minutes=d["minutes"],
            decisions=d["decisions"],
            attended_ids=[u.pk for u in d["attended"]],
        ),
        done=_("Minutes saved."),
    )


@require_POST
@role_required(*STAFF)
def action_item_add_view(request: AuthedHttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = sel.meeting_for(request.user, meeting_pk)
    form = ActionItemForm(request.POST, owners=User.objects.filter(is_active=True))
    return _meeting_step(
        request,
        meeting.pk,
        name="action",
        form=form,
        run=lambda d: meeting_svc.action_item_add(
            actor=request.user,
            meeting_id=meeting.pk,
            description=d["description"],
            owner_id=d["owner"].pk,
            due_date=d["due_date"],
        ),
        done=_("Action item added."),
    )


@require_POST
@role_required(*STAFF)
def action_item_done_view(request: AuthedHttpRequest, item_pk: int) -> HttpResponse:
    item = meeting_svc.action_item_done(actor=request.user, item_id=item_pk)
    messages.success(request, _("Action item done."))
    return redirect("engagements:meeting_detail", item.meeting_id)


@require_POST
@role_required(*STAFF)
def meeting_distribute_view(request: AuthedHttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = meeting_svc.meeting_distribute(actor=request.user, meeting_id=meeting_pk)
    count = meeting.distributions.count()
    messages.success(
        request, _("The minutes were sent to %(count)s participants.") % {"count": count}
    )
    return redirect("engagements:meeting_detail", meeting.pk)


# --- progress reports (COM-2) ----------------------------------------------------------------


@role_required(*STAFF)
def progress_report_create_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    svc.require_manager(request.user, engagement)
    due = sel.progress_report_due(engagement=engagement)
    last = sel.progress_report_list(engagement=engagement).first()
    start = last.period_end if last else engagement.created_at.date()
    form = ProgressReportForm(
        request.POST or None,
        initial={"period_start": start, "period_end": timezone.localdate()},
    )
    return _form_page(
        request,
        engagement=engagement,
        form=form,
        save=lambda d: meeting_svc.progress_report_create(
            actor=request.user, engagement_id=engagement.pk, **d
        ),
        title=_("New progress report"),
        done=_("Progress report saved."),
        intro=_("The next report to the client is due on %(date)s.")
        % {"date": due.due_on.isoformat()},
    )


@require_POST
@role_required(*STAFF)
def progress_report_send_view(request: AuthedHttpRequest, report_pk: int) -> HttpResponse:
    report = meeting_svc.progress_report_send(actor=request.user, report_id=report_pk)
    messages.success(request, _("The progress report was sent to the client."))
    return redirect(_plan_url(report.engagement_id))


@role_required(*STAFF)
def reporting_cadence_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    svc.require_manager(request.user, engagement)
    form = CadenceForm(
        request.POST or None, initial={"every_days": sel.cadence_days(engagement=engagement)}
    )
    return _form_page(
        request,
        engagement=engagement,
        form=form,
        save=lambda d: meeting_svc.reporting_cadence_set(
            actor=request.user, engagement_id=engagement.pk, every_days=d["every_days"]
        ),
        title=_("Reporting cadence"),
        done=_("Reporting cadence saved."),
        intro=_("How often the client receives a progress report, as agreed with them."),
    )
