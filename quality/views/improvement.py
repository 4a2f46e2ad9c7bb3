"""KPI dashboard (QC-12), corrective actions (QC-13, IMP-2), initiatives (IMP-1), the case
library (IMP-3) and the period quality report (QC-14)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.navigation import ROLES_FOR
from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements.choices import ServiceType, Stage
from engagements.permissions import visible_to
from quality.forms.improvement import (
    ActionOpenForm,
    CaseForm,
    InitiativeForm,
    NoteForm,
    ProgressForm,
    RectifyForm,
    ReopenForm,
    VerifyForm,
)
from quality.models import KpiBreach
from quality.models.improvement import ActionSource, PdcaStage
from quality.selectors import improvement as sel
from quality.services import improvement as svc
from quality.services.audits import can_manage_audits
from quality.views.audits import step
from staff.choices import Role

STAFF = ROLES_FOR["quality"]


# --- KPIs --------------------------------------------------------------------------------------


@role_required(*STAFF)
def kpi_dashboard_view(request: AuthedHttpRequest) -> HttpResponse:
    objectives = sel.kpi_dashboard()
    breaches = {
        b.objective_id: b
        for b in KpiBreach.objects.filter(cleared_at__isnull=True).select_related("objective")
    }
    rows = [{"objective": o, "breach": breaches.get(o.pk)} for o in objectives]
    return render(
        request,
        "quality/kpis/dashboard.html",
        {"rows": rows, "can_manage": can_manage_audits(request.user)},
    )


@role_required(*STAFF)
def kpi_evaluate_view(request: AuthedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not can_manage_audits(request.user):
            raise PermissionDenied
        result = svc.kpi_sweep()
        messages.success(request, _("%(n)s objectives evaluated.") % {"n": result.evaluated})
    return redirect("quality:kpi_dashboard")


@role_required(*STAFF)
def kpi_rectify_view(request: AuthedHttpRequest, breach_pk: int) -> HttpResponse:
    breach = get_object_or_404(
        KpiBreach.objects.select_related("objective"), pk=breach_pk, cleared_at__isnull=True
    )
    return step(
        request,
        form=RectifyForm(request.POST or None, initial={"owner": breach.objective.owner}),
        save=lambda d: svc.kpi_breach_rectify(actor=request.user, breach=breach, **d),
        title=_("Start rectification"),
        done=_("Corrective action opened."),
        back_url=reverse("quality:kpi_dashboard"),
        next_url=lambda action: action.get_absolute_url(),  # type: ignore[attr-defined]
        intro=str(breach.objective),
    )


# --- actions -----------------------------------------------------------------------------------


@role_required(*STAFF)
def action_list_view(request: AuthedHttpRequest) -> HttpResponse:
    stage = request.GET.get("stage", "")
    stage = stage if stage in PdcaStage.values else ""
    source = request.GET.get("source", "")
    source = source if source in ActionSource.values else ""
    open_only = request.GET.get("open") == "1"
    actions = list(
        sel.action_list(user=request.user, stage=stage, source_kind=source, open_only=open_only)[
            :200
        ]
    )
    return render(
        request,
        "quality/actions/list.html",
        {
            "actions": actions,
            "stages": PdcaStage.choices,
            "sources": ActionSource.choices,
            "stage": stage,
            "source": source,
            "open_only": open_only,
            "today": timezone.localdate(),
        },
    )


@role_required(*STAFF)
def action_open_view(request: AuthedHttpRequest) -> HttpResponse:
    engagements = visible_to(request.user)
    form = ActionOpenForm(request.POST or None, engagements=engagements)
    return step(
        request,
        form=form,
        save=lambda d: svc.action_open(actor=request.user, **d),
        title=_("Open a corrective action"),
        done=_("Action opened."),
        back_url=reverse("quality:action_list"),
        next_url=lambda action: action.get_absolute_url(),  # type: ignore[attr-defined]
    )


@role_required(*STAFF)
def action_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    action = sel.access_action(request.user, pk)
    user = request.user
    is_worker = svc.can_work_action(user, action)
    return render(
        request,
        "quality/actions/detail.html",
        {
            "action": action,
            "progress": list(action.progress.select_related("author")),
            "stages": [s for s in PdcaStage if s != PdcaStage.CLOSED],
            "is_worker": is_worker,
            "can_verify": user.has_role(*svc.VERIFIER_ROLES) and action.owner_id != user.pk,
            "can_manage": can_manage_audits(user),
            "note_form": NoteForm(),
            "progress_form": ProgressForm(),
            "verify_form": VerifyForm(),
            "reopen_form": ReopenForm(),
            "today": timezone.localdate(),
        },
    )


def _action_step(request: AuthedHttpRequest, pk: int, kind: str) -> HttpResponse:
    action = sel.access_action(request.user, pk)
    back = action.get_absolute_url()
    actor = request.user
    if kind == "plan":
        return step(
            request,
            form=NoteForm(request.POST or None),
            save=lambda d: svc.action_plan_save(actor=actor, action=action, plan=d["note"]),
            title=_("Plan the measures"),
            done=_("Plan saved."),
            back_url=back,
        )
    if kind == "do":
        return step(
            request,
            form=NoteForm(request.POST or None),
            save=lambda d: svc.action_do_record(actor=actor, action=action, done_note=d["note"]),
            title=_("Record what was done"),
            done=_("Recorded; waiting for verification."),
            back_url=back,
        )
    if kind == "verify":
        return step(
            request,
            form=VerifyForm(request.POST or None),
            save=lambda d: svc.action_verify(actor=actor, action=action, **d),
            title=_("Verify effectiveness"),
            done=_("Verification recorded."),
            back_url=back,
        )
    if kind == "reopen":
        return step(
            request,
            form=ReopenForm(request.POST or None),
            save=lambda d: svc.action_reopen(actor=actor, action=action, **d),
            title=_("Reopen the action"),
            done=_("Action reopened."),
            back_url=back,
        )
    return step(
        request,
        form=ProgressForm(request.POST or None),
        save=lambda d: svc.action_progress_add(actor=actor, action=action, **d),
        title=_("Report progress"),
        done=_("Progress recorded."),
        back_url=back,
    )


@role_required(*STAFF)
def action_plan_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _action_step(request, pk, "plan")


@role_required(*STAFF)
def action_do_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _action_step(request, pk, "do")


@role_required(*STAFF)
def action_verify_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _action_step(request, pk, "verify")


@role_required(*STAFF)
def action_reopen_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _action_step(request, pk, "reopen")


@role_required(*STAFF)
def action_progress_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _action_step(request, pk, "progress")


@role_required(*STAFF)
def action_close_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    action = sel.access_action(request.user, pk)
    if request.method == "POST":
        try:
            svc.action_close(actor=request.user, action=action)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Action closed."))
    return redirect(action.get_absolute_url())


# --- initiatives (IMP-1) -----------------------------------------------------------------------


@role_required(*STAFF)
def initiative_list_view(request: AuthedHttpRequest) -> HttpResponse:
    form = InitiativeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.initiative_create(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                messages.success(request, _("Initiative added."))
                return redirect("quality:initiative_list")
        else:
            status = 400
    return render(
        request,
        "quality/initiatives/list.html",
        {
            "initiatives": list(sel.initiative_list(user=request.user)[:200]),
            "form": form,
            "note_form": NoteForm(),
            "can_manage": can_manage_audits(request.user),
        },
        status=status,
    )


@role_required(*STAFF)
def initiative_advance_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(sel.initiatives_visible_to(request.user), pk=pk)
    return step(
        request,
        form=NoteForm(request.POST or None),
        save=lambda d: svc.initiative_advance(
            actor=request.user, initiative=initiative, note=d["note"]
        ),
        title=_("Complete the %(stage)s stage") % {"stage": initiative.get_stage_display()},
        done=_("Initiative advanced."),
        back_url=reverse("quality:initiative_list"),
        intro=initiative.title,
    )


# --- case library (IMP-3) ----------------------------------------------------------------------


@role_required(*STAFF)
def case_list_view(request: AuthedHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    service_type = request.GET.get("service_type", "")
    service_type = service_type if service_type in ServiceType.values else ""
    industry = request.GET.get("industry", "")[:100]
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    cases = list(
        sel.case_search(
            user=request.user, q=q, service_type=service_type, industry=industry, year=year
        )[:100]
    )
    return render(
        request,
        "quality/cases/list.html",
        {
            "cases": cases,
            "q": q,
            "service_type": service_type,
            "industry": industry,
            "year": year or "",
            "service_types": ServiceType.choices,
            "industries": sel.case_industries(),
            "service_labels": dict(ServiceType.choices),
        },
    )


@role_required(*STAFF)
def case_create_view(request: AuthedHttpRequest) -> HttpResponse:
    engagements = visible_to(request.user).filter(stage=Stage.CLOSED, case_entry__isnull=True)
    return step(
        request,
        form=CaseForm(request.POST or None, engagements=engagements),
        save=lambda d: svc.case_create(actor=request.user, **d),
        title=_("Add a case"),
        done=_("Case added to the library."),
        back_url=reverse("quality:case_list"),
    )


# --- the period quality report (QC-14) ---------------------------------------------------------


@role_required(*STAFF)
def quality_report_view(request: AuthedHttpRequest) -> HttpResponse:
    default_start, default_end = sel.quarter_bounds(timezone.localdate())
    start = parse_date(request.GET.get("start") or "") or default_start
    end = parse_date(request.GET.get("end") or "") or default_end
    if end <= start:
        start, end = default_start, default_end
    report = sel.quality_report(start=start, end=end)
    return render(
        request,
        "quality/report.html",
        {
            "report": report,
            "start": start,
            "end": end,
            "last_day": end - timedelta(days=1),
            "quarters": _quarters(),
            "can_pdf": request.user.has_role(Role.ADMIN, Role.QA_MANAGER),
        },
    )


def _quarters() -> list[tuple[date, date, str]]:
    today = timezone.localdate()
    out = []
    start, end = sel.quarter_bounds(today)
    for _i in range(4):
        out.append((start, end, f"{start.year} Q{(start.month - 1) // 3 + 1}"))
        prev_day = date.fromordinal(start.toordinal() - 1)
        start, end = sel.quarter_bounds(prev_day)
    return out
