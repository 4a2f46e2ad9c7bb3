"""Incident pages (report, list, detail with its steps and timeline) and emergency plans
(RSK-5)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements import permissions as eng_perms
from risk import forms as f
from risk import permissions as perms
from risk import selectors as sel
from risk.choices import IncidentStatus
from risk.services import incidents as svc
from risk.services import plans as plan_svc
from risk.views.common import RISK_ROLES, form_page, post_action

LIST_LIMIT = 200


@role_required(*RISK_ROLES)
def incident_list_view(request: AuthedHttpRequest) -> HttpResponse:
    open_only = request.GET.get("open") == "1"
    incidents = sel.incident_list(user=request.user, open_only=open_only)
    return render(
        request,
        "risk/incidents.html",
        {"incidents": list(incidents[:LIST_LIMIT]), "open_only": open_only, "limit": LIST_LIMIT},
    )


@role_required(*RISK_ROLES)
def incident_report_view(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    engagements = eng_perms.visible_to(user).order_by("code")
    initial: dict[str, Any] = {}
    raw = request.GET.get("engagement", "")
    if raw.isdecimal():
        initial["engagement"] = perms.access_engagement(user, int(raw)).pk
    form = f.IncidentReportForm(
        request.POST if request.method == "POST" else None,
        engagements=engagements,
        initial=initial,
    )

    def save(data: dict[str, Any]) -> Any:
        return svc.incident_report(
            actor=user,
            engagement_id=data["engagement"].pk if data["engagement"] else None,
            category_id=data["category"].pk,
            title=data["title"],
            description=data["description"],
            severity=data["severity"],
            occurred_at=data["occurred_at"],
        )

    return form_page(
        request,
        form=form,
        save=save,
        title=_("Report an incident"),
        done=_("Incident reported; the emergency plan's steps are listed below."),
        back_url=reverse("risk:incidents"),
        next_url=lambda incident: incident.get_absolute_url(),
    )


@role_required(*RISK_ROLES)
def incident_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    incident = sel.incident_detail(user=user, pk=pk)
    steps = list(incident.steps.all())
    next_step = next((s for s in steps if s.done_at is None), None)
    can_handle = perms.can_manage_scope(user, incident.engagement)
    context = {
        "incident": incident,
        "steps": steps,
        "next_step": next_step,
        "events": list(incident.events.all()),
        "can_handle": can_handle and incident.status != IncidentStatus.CLOSED,
        "classify_form": f.ClassifyForm(initial={"severity": incident.severity}),
        "note_form": f.NoteForm(),
        "step_form": f.StepDoneForm(),
        "review_form": f.IncidentReviewForm(),
        "reopen_form": f.ReasonForm(),
    }
    return render(request, "risk/incident_detail.html", context)


@require_POST
@role_required(*RISK_ROLES)
def incident_action_view(request: AuthedHttpRequest, pk: int, action: str) -> HttpResponse:
    user = request.user
    incident = perms.access_incident(user, pk)
    back = incident.get_absolute_url()
    post = request.POST
    if action == "classify":
        form: Any = f.ClassifyForm(post)
        save: Any = lambda d: svc.incident_classify(  # noqa: E731
            actor=user, incident_id=incident.pk, severity=d["severity"], note=d["note"]
        )
        done = _("Severity recorded.")
    elif action == "step":
        step_id = post.get("step_id", "")
        if not step_id.isdecimal():
            raise Http404
        form = f.StepDoneForm(post)
        save = lambda d: svc.incident_step_done(  # noqa: E731
            actor=user, incident_id=incident.pk, step_id=int(step_id), note=d["note"]
        )
        done = _("Step done.")
    elif action == "note":
        form = f.NoteForm(post)
        save = lambda d: svc.incident_add_note(  # noqa: E731
            actor=user, incident_id=incident.pk, text=d["text"]
        )
        done = _("Note added.")
    elif action == "resolve":
        form = f.StepDoneForm(post)
        save = lambda d: svc.incident_resolve(  # noqa: E731
            actor=user, incident_id=incident.pk, note=d["note"]
        )
        done = _("Incident resolved.")
    elif action == "reopen":
        form = f.ReasonForm(post)
        save = lambda d: svc.incident_reopen(  # noqa: E731
            actor=user, incident_id=incident.pk, reason=d["reason"]
        )
        done = _("Incident reopened.")
    elif action == "review":
        form = f.IncidentReviewForm(post)
        save = lambda d: svc.incident_close_with_review(  # noqa: E731
            actor=user,
            incident_id=incident.pk,
            root_cause=d["root_cause"],
            lessons=d["lessons"],
            improvements=[
                {"description": line} for line in d["improvements"].splitlines() if line.strip()
            ],
        )
        done = _("Review recorded; the incident is closed.")
    else:
        raise Http404
    return post_action(request, form=form, save=save, done=done, back_url=back)


@role_required(*RISK_ROLES)
def plan_list_view(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "risk/plans.html",
        {"plans": list(sel.plan_list()), "can_edit": perms.can_edit_plans(request.user)},
    )


@role_required(*RISK_ROLES)
def plan_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    plan = perms.access_plan(request.user, pk)
    return render(
        request,
        "risk/plan_detail.html",
        {
            "plan": plan,
            "steps": list(plan.steps.all()),
            "can_edit": perms.can_edit_plans(request.user),
        },
    )


@role_required(*RISK_ROLES)
def plan_edit_view(request: AuthedHttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    if not perms.can_edit_plans(user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    plan = perms.access_plan(user, pk) if pk else None
    form = f.PlanForm.for_plan(plan, data) if plan else f.PlanForm(data)

    def save(d: dict[str, Any]) -> Any:
        return plan_svc.emergency_plan_save(
            actor=user,
            plan_id=plan.pk if plan else None,
            category_id=d["category"].pk,
            title=d["title"],
            trigger=d["trigger"],
            roles=d["roles"],
            contacts=d["contacts"],
            steps=plan_svc.parse_steps(d["steps"]),
            is_active=d["is_active"],
        )

    return form_page(
        request,
        form=form,
        save=save,
        title=_("Edit emergency plan") if plan else _("New emergency plan"),
        done=_("Emergency plan saved."),
        back_url=plan.get_absolute_url() if plan else reverse("risk:plans"),
        next_url=lambda p: p.get_absolute_url(),
    )
