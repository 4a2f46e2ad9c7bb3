"""Staff pages (STF-1 … STF-5). Forms validate shape; every write calls a service and a
refusal shows the form again with the translated reason, nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.navigation import ALL_STAFF, ROLES_FOR
from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements.permissions import access_engagement, can_manage, visible_to
from staff import forms as f
from staff import selectors as sel
from staff.appraisal import label_for
from staff.models import Appraisal, Declaration, Violation
from staff.permissions import (
    access_person,
    can_appraise,
    is_keeper,
    require_keeper,
)
from staff.services import appraisal as appraisal_svc
from staff.services import conduct as conduct_svc
from staff.services import raci as raci_svc
from staff.services import records as records_svc
from staff.services import training as training_svc

KEEPERS = ROLES_FOR["staff"]


def add_service_error(form: forms.Form, exc: ApplicationError) -> None:
    placed = False
    for name, errors in exc.extra.items():
        if name in form.fields:
            for error in errors if isinstance(errors, list) else [errors]:
                form.add_error(name, str(error))
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _form_page(
    request: AuthedHttpRequest,
    *,
    form_class: type[forms.Form],
    save: Callable[[dict[str, Any]], object],
    title: str,
    back_url: str,
    done: str,
    initial: dict[str, Any] | None = None,
    intro: str = "",
    files: bool = False,
) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES if files else None)
        status = 400
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ApplicationError as exc:
                # The refusal keeps its status: 403 for who may not, 409 for a wrong state.
                add_service_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, done)
                return redirect(back_url)
    else:
        form = form_class(initial=initial)
    return render(
        request,
        "staff/form_page.html",
        {"form": form, "title": title, "back_url": back_url, "intro": intro, "files": files},
        status=status,
    )


def _pk(obj: Any) -> int | None:
    return obj.pk if obj is not None else None


# --- people (STF-1) ---------------------------------------------------------------------------


@role_required(*KEEPERS)
def index(request: AuthedHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(sel.people_list(request.user, q=q), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/index.html",
        {
            "page": page,
            "q": q,
            "expiring": sel.expiring_certificates(request.user),
            "today": timezone.localdate(),
        },
    )


@role_required(*ALL_STAFF)
def person(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    person = access_person(request.user, pk)
    profile = getattr(person, "staff_profile", None)
    return render(
        request,
        "staff/person.html",
        {
            "person": person,
            "profile": profile,
            "certificates": sel.certificates_of(person),
            "plan_hours": sel.hours_against_plans(person),
            "appraisals": sel.appraisals_of(person),
            "onboarding": list(person.onboarding_tasks.order_by("due_on", "id")),
            "mentors": list(person.mentors_of.select_related("mentor")),
            "mentees": list(person.mentees_of.select_related("mentee")),
            "history": sel.person_history(person),
            "keeper": is_keeper(request.user),
            "can_appraise": can_appraise(request.user, person),
            "today": timezone.localdate(),
            "alert_horizon": sel.alert_horizon(),
        },
    )


@role_required(*KEEPERS)
def person_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    person = access_person(request.user, pk)
    profile = getattr(person, "staff_profile", None)
    initial = {}
    if profile is not None:
        initial = {
            "position": profile.position,
            "department": profile.department,
            "manager": profile.manager_id,
            "joined_on": profile.joined_on,
            "education": profile.education,
            "experience": profile.experience,
        }
    return _form_page(
        request,
        form_class=f.ProfileForm,
        initial=initial,
        save=lambda d: records_svc.profile_save(
            actor=request.user,
            user_id=person.pk,
            position=d["position"],
            department=d["department"],
            manager_id=_pk(d["manager"]),
            joined_on=d["joined_on"],
            education=d["education"],
            experience=d["experience"],
        ),
        title=_("Staff record of %(person)s") % {"person": person},
        back_url=reverse("staff:person", args=[person.pk]),
        done=_("Record saved."),
    )


@role_required(*KEEPERS)
def certificate_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    person = access_person(request.user, pk)
    return _form_page(
        request,
        form_class=f.CertificateForm,
        files=True,
        save=lambda d: records_svc.certificate_add(
            actor=request.user,
            user_id=person.pk,
            qualification_id=d["qualification"].pk,
            issued_on=d["issued_on"],
            expires_on=d["expires_on"],
            number=d["number"],
            issued_by=d["issued_by"],
            attachment=d["attachment"],
        ),
        title=_("Add a certificate for %(person)s") % {"person": person},
        back_url=reverse("staff:person", args=[person.pk]),
        done=_("Certificate added."),
    )


@role_required(*KEEPERS)
def certificate_renew(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    certificate = records_svc.certificate_for(request.user, pk)
    return _form_page(
        request,
        form_class=f.RenewForm,
        initial={"issued_on": certificate.issued_on, "expires_on": certificate.expires_on},
        save=lambda d: records_svc.certificate_renew(
            actor=request.user,
            certificate_id=certificate.pk,
            issued_on=d["issued_on"],
            expires_on=d["expires_on"],
        ),
        title=_("Renew %(certificate)s") % {"certificate": certificate},
        back_url=reverse("staff:person", args=[certificate.user_id]),
        done=_("Certificate renewed."),
    )


@role_required(*ALL_STAFF)
def certificate_file(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The scan, only through this authorising view, as an attachment (SEC-5, SEC-17)."""
    certificate = records_svc.certificate_for(request.user, pk)
    if not certificate.attachment:
        raise Http404
    response = FileResponse(
        certificate.attachment.open("rb"),
        as_attachment=True,
        filename=certificate.attachment_name or "certificate",
    )
    return cast(HttpResponse, response)


@role_required(*KEEPERS)
def onboarding_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    person = access_person(request.user, pk)
    return _form_page(
        request,
        form_class=f.OnboardingForm,
        save=lambda d: training_svc.onboarding_task_add(
            actor=request.user, user_id=person.pk, title=d["title"], due_on=d["due_on"]
        ),
        title=_("Add an onboarding item for %(person)s") % {"person": person},
        back_url=reverse("staff:person", args=[person.pk]),
        done=_("Onboarding item added."),
    )


@require_POST
@role_required(*KEEPERS)
def onboarding_done(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = training_svc.onboarding_task_done(
        actor=request.user, task_id=pk, on=timezone.localdate()
    )
    return redirect("staff:person", task.user_id)


@role_required(*ALL_STAFF)
def figure_milestones(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The source of the milestone figures: the milestones counted, with their dates."""
    from engagements.models import Milestone

    person = access_person(request.user, pk)
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
        end = date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        start, end = sel.period_default()
    rows = (
        Milestone.objects.filter(owner=person, planned_date__gte=start, planned_date__lte=end)
        .select_related("engagement")
        .order_by("planned_date", "id")
    )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/figure_milestones.html",
        {"person": person, "start": start, "end": end, "page": page},
    )


# --- training (STF-2) -------------------------------------------------------------------------


@role_required(*KEEPERS)
def training(request: AuthedHttpRequest) -> HttpResponse:
    from staff.models import MentorPair

    return render(
        request,
        "staff/training.html",
        {
            "plans": sel.plan_list(),
            "pairs": MentorPair.objects.select_related("mentor", "mentee").order_by(
                "-starts_on", "id"
            )[:50],
        },
    )


@role_required(*KEEPERS)
def plan_add(request: AuthedHttpRequest) -> HttpResponse:
    return _form_page(
        request,
        form_class=f.PlanForm,
        save=lambda d: training_svc.plan_create(
            actor=request.user,
            title=d["title"],
            period=d["period"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            target_hours=d["target_hours"],
            participant_ids=[u.pk for u in d["participants"]],
            description=d["description"],
        ),
        title=_("New training plan"),
        back_url=reverse("staff:training"),
        done=_("Training plan created."),
    )


@role_required(*KEEPERS)
def plan_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    from staff.models import TrainingPlan

    plan = TrainingPlan.objects.filter(pk=pk).first()
    if plan is None:
        raise Http404
    return render(
        request,
        "staff/plan.html",
        {
            "plan": plan,
            "sessions": sel.plan_sessions(plan),
            "participants": sel.plan_participants_hours(plan),
        },
    )


@role_required(*KEEPERS)
def session_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        form_class=f.SessionForm,
        save=lambda d: training_svc.session_create(
            actor=request.user,
            plan_id=pk,
            title=d["title"],
            held_on=d["held_on"],
            hours=d["hours"],
            trainer=d["trainer"],
            is_onboarding=d["is_onboarding"],
        ),
        title=_("New training session"),
        back_url=reverse("staff:plan", args=[pk]),
        done=_("Session added."),
    )


@role_required(*KEEPERS)
def attendance(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    from staff.models import TrainingSession

    session = TrainingSession.objects.filter(pk=pk).first()
    if session is None:
        raise Http404
    return _form_page(
        request,
        form_class=f.AttendanceForm,
        initial={"users": list(session.attendances.values_list("user_id", flat=True))},
        save=lambda d: training_svc.attendance_record(
            actor=request.user,
            session_id=session.pk,
            user_ids=[u.pk for u in d["users"]],
            hours=d["hours"],
        ),
        title=_("Attendance: %(session)s") % {"session": session},
        back_url=reverse("staff:plan", args=[session.plan_id]),
        done=_("Attendance recorded."),
    )


@role_required(*KEEPERS)
def mentor_add(request: AuthedHttpRequest) -> HttpResponse:
    return _form_page(
        request,
        form_class=f.MentorForm,
        save=lambda d: training_svc.mentor_pair_add(
            actor=request.user,
            mentor_id=d["mentor"].pk,
            mentee_id=d["mentee"].pk,
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            goals=d["goals"],
        ),
        title=_("New mentoring pair"),
        back_url=reverse("staff:training"),
        done=_("Mentoring pair added."),
    )


# --- appraisal (STF-3) ------------------------------------------------------------------------


@role_required(*ALL_STAFF)
def appraisal_open(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    person = access_person(request.user, pk)
    start, end = sel.period_default()
    created: list[Appraisal] = []

    def save(d: dict[str, Any]) -> Appraisal:
        appraisal = appraisal_svc.appraisal_open(
            actor=request.user,
            user_id=person.pk,
            period_start=d["period_start"],
            period_end=d["period_end"],
        )
        created.append(appraisal)
        return appraisal

    response = _form_page(
        request,
        form_class=f.AppraisalOpenForm,
        initial={"period_start": start, "period_end": end},
        save=save,
        title=_("New appraisal for %(person)s") % {"person": person},
        back_url=reverse("staff:person", args=[person.pk]),
        done=_("Appraisal opened."),
    )
    if created:
        return redirect("staff:appraisal", created[0].pk)
    return response


def _appraisal_figures(appraisal: Appraisal) -> list[dict[str, Any]]:
    from staff.appraisal import compute_figures

    stored = (
        appraisal.figures
        if appraisal.is_final
        else compute_figures(appraisal.user, appraisal.period_start, appraisal.period_end)
    )
    return [
        {"key": key, **value, "label": label_for(key, value.get("label", key))}
        for key, value in stored.items()
    ]


@role_required(*ALL_STAFF)
def appraisal(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    appraisal = appraisal_svc.appraisal_for(request.user, pk)
    editable = not appraisal.is_final and can_appraise(request.user, appraisal.user)
    return render(
        request,
        "staff/appraisal.html",
        {
            "appraisal": appraisal,
            "figures": _appraisal_figures(appraisal),
            **sel.appraisal_detail(appraisal),
            "editable": editable,
            "assess_form": f.AssessForm(
                initial={"rating": appraisal.rating, "assessment": appraisal.assessment}
            ),
        },
    )


def _appraisal_step(
    request: AuthedHttpRequest,
    pk: int,
    form_class: type[forms.Form],
    save: Callable[[dict[str, Any]], object],
    title: str,
    done: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    appraisal = appraisal_svc.appraisal_for(request.user, pk)
    return _form_page(
        request,
        form_class=form_class,
        save=save,
        initial=initial,
        title=title,
        intro=str(appraisal),
        back_url=reverse("staff:appraisal", args=[appraisal.pk]),
        done=done,
    )


@role_required(*ALL_STAFF)
def appraisal_assess(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _appraisal_step(
        request,
        pk,
        f.AssessForm,
        lambda d: appraisal_svc.appraisal_assess(
            actor=request.user, appraisal_id=pk, rating=d["rating"], assessment=d["assessment"]
        ),
        _("Manager's assessment"),
        _("Assessment saved."),
    )


@role_required(*ALL_STAFF)
def goal_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _appraisal_step(
        request,
        pk,
        f.GoalForm,
        lambda d: appraisal_svc.goal_add(actor=request.user, appraisal_id=pk, **d),
        _("New goal"),
        _("Goal added."),
    )


@role_required(*ALL_STAFF)
def interview_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _appraisal_step(
        request,
        pk,
        f.InterviewForm,
        lambda d: appraisal_svc.interview_record(actor=request.user, appraisal_id=pk, **d),
        _("Performance interview"),
        _("Interview recorded."),
        initial={"held_on": timezone.localdate()},
    )


@require_POST
@role_required(*ALL_STAFF)
def appraisal_finalise(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    try:
        appraisal_svc.appraisal_finalise(actor=request.user, appraisal_id=pk)
    except ApplicationError as exc:
        if exc.status_code in (403, 404):
            raise  # not theirs to finalise: 403/404, not a redirect (SEC-1)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Appraisal finalised; its figures are stored."))
    return redirect("staff:appraisal", pk)


# --- responsibility matrix (STF-4) ------------------------------------------------------------


@role_required(*ALL_STAFF)
def raci_list(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(
        visible_to(request.user).select_related("client").order_by("-created_at", "-id"), 50
    ).get_page(request.GET.get("page"))
    return render(request, "staff/raci_list.html", {"page": page})


def _raci_context(request: AuthedHttpRequest, engagement: Any) -> dict[str, Any]:
    matrix = sel.raci_matrix(engagement)
    return {
        "engagement": engagement,
        "matrix": matrix,
        "rows": matrix.rows(),
        "can_edit": can_manage(request.user, engagement),
        "letters": ["", "R", "A", "C", "I"],
    }


@role_required(*ALL_STAFF)
def raci(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    return render(request, "staff/raci.html", _raci_context(request, engagement))


@require_POST
@role_required(*ALL_STAFF)
def raci_set(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """htmx: change one cell and answer the matrix again (with the refusal, if any)."""
    engagement = access_engagement(request.user, pk)
    error = ""
    try:
        raci_svc.raci_set(
            actor=request.user,
            engagement_id=engagement.pk,
            step_id=int(request.POST.get("step", "0") or 0),
            user_id=int(request.POST.get("user", "0") or 0),
            letter=request.POST.get("letter", ""),
        )
    except (ApplicationError, ValueError) as exc:
        if isinstance(exc, ApplicationError) and exc.status_code in (403, 404):
            raise
        error = exc.message if isinstance(exc, ApplicationError) else _("Invalid input.")
    context = {**_raci_context(request, engagement), "error": error}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "staff/raci.html#matrix", context)
    if error:
        messages.error(request, error)
    return redirect("staff:raci", engagement.pk)


@require_POST
@role_required(*ALL_STAFF)
def raci_defaults(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    try:
        raci_svc.raci_apply_defaults(actor=request.user, engagement_id=pk)
    except ApplicationError as exc:
        if exc.status_code in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The matrix starts from the firm's default."))
    return redirect("staff:raci", pk)


# --- conduct (STF-5) --------------------------------------------------------------------------


@role_required(*ALL_STAFF)
def declarations(request: AuthedHttpRequest) -> HttpResponse:
    keeper = is_keeper(request.user)
    context: dict[str, Any] = {
        "mine": sel.my_engagements_to_declare(request.user)[:100],
        "keeper": keeper,
    }
    if keeper:
        context.update(
            pending=sel.declarations_list()
            .exclude(conflicts="")
            .filter(cleared_at__isnull=True)[:100],
            undeclared=sel.undeclared_members()[:100],
            violations=sel.violations_list()[:100],
            recent=sel.declarations_list()[:50],
        )
    return render(request, "staff/declarations.html", context)


@role_required(*ALL_STAFF)
def declare(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    return _form_page(
        request,
        form_class=f.DeclarationForm,
        save=lambda d: conduct_svc.declaration_submit(
            actor=request.user,
            engagement_id=engagement.pk,
            independent=d["independent"],
            conflicts=d["conflicts"],
        ),
        title=_("Independence declaration"),
        intro=str(engagement),
        back_url=reverse("staff:declarations"),
        done=_("Declaration recorded."),
    )


@require_POST
@role_required(*KEEPERS)
def declaration_clear(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    if not Declaration.objects.filter(pk=pk).exists():
        raise Http404
    try:
        conduct_svc.declaration_clear(actor=request.user, declaration_id=pk)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Conflict cleared."))
    return redirect("staff:declarations")


@role_required(*KEEPERS)
def violation_add(request: AuthedHttpRequest) -> HttpResponse:
    require_keeper(request.user)
    return _form_page(
        request,
        form_class=f.ViolationForm,
        save=lambda d: conduct_svc.violation_record(
            actor=request.user,
            user_id=d["user"].pk,
            occurred_on=d["occurred_on"],
            description=d["description"],
            engagement_id=d["engagement"],
        ),
        initial={"engagement": request.GET.get("engagement")},
        title=_("Record a violation"),
        back_url=reverse("staff:declarations"),
        done=_("Violation recorded."),
    )


@role_required(*KEEPERS)
def violation_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    violation = Violation.objects.select_related("user").filter(pk=pk).first()
    if violation is None:
        raise Http404
    return _form_page(
        request,
        form_class=f.OutcomeForm,
        save=lambda d: conduct_svc.violation_decide(
            actor=request.user,
            violation_id=violation.pk,
            outcome=d["outcome"],
            outcome_note=d["outcome_note"],
        ),
        title=_("Outcome of the violation"),
        intro=f"{violation.user} · {violation.occurred_on}",
        back_url=reverse("staff:declarations"),
        done=_("Outcome recorded."),
    )
