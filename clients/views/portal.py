"""The client portal (CRM-2): a client user's own organisation's engagements (stage,
milestones, acceptance rounds to answer — ENG-11), complaints (CRM-3), surveys (CRM-4), and
their profile and consents (CRM-1). Every lookup is scoped: another client's object answers
404 like a missing one (SEC-2)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clients import selectors as sel
from clients.forms import (
    ClientReplyForm,
    ComplaintSubmitForm,
    ConfirmForm,
    ConsentForm,
    PortalVerdictForm,
    ReopenForm,
    SurveyAnswerForm,
)
from clients.forms_relations import ProfileForm
from clients.permissions import one, surveys_visible_to
from clients.services import complaints as svc
from clients.services import surveys as survey_svc
from clients.services.consents import consent_grant, consent_withdraw
from clients.services.contacts import profile_for, profile_update
from clients.views.common import serve_attachment
from core.exceptions import ApplicationError
from core.navigation import ROLES_FOR
from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements.selectors import closing as closing_sel
from engagements.services import closing as closing_svc
from engagements.views.plan import add_service_error

CLIENT = ROLES_FOR["portal"]


@role_required(*CLIENT)
def portal_home(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "engagements": sel.portal_engagements(user=user),
        "acceptances": sel.pending_acceptances(user=user),
        "open_complaints": sel.complaint_list(user=user, open_only=True)[:5],
        "surveys": sel.open_surveys(user=user),
    }
    return render(request, "clients/portal/home.html", context)


@role_required(*CLIENT)
def portal_engagement(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    data = sel.portal_engagement(user=request.user, pk=pk)
    return render(
        request, "clients/portal/engagement.html", {"data": data, "engagement": data.engagement}
    )


@role_required(*CLIENT)
def portal_verdict(request: AuthedHttpRequest, request_pk: int) -> HttpResponse:
    """ENG-11 portal side: the client user passes or fails a pending round (re-using the
    engagements service, which also checks the organisation and signs)."""
    pending = closing_sel.acceptance_for(request.user, request_pk)
    form = PortalVerdictForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                closing_svc.acceptance_verdict(
                    actor=request.user,
                    request_id=pending.pk,
                    verdict=d["verdict"],
                    reasons=d["reasons"],
                    password=d["password"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("Thank you: your verdict is recorded."))
                return redirect("portal:engagement", pending.engagement_id)
        else:
            status = 400
    return render(
        request,
        "clients/portal/verdict.html",
        {"form": form, "round": pending, "engagement": pending.engagement},
        status=status,
    )


# --- complaints ------------------------------------------------------------------------------


@role_required(*CLIENT)
def portal_complaints(request: AuthedHttpRequest) -> HttpResponse:
    complaints = sel.complaint_list(user=request.user)[:100]
    return render(request, "clients/portal/complaints.html", {"complaints": complaints})


@role_required(*CLIENT)
def portal_complaint_new(request: AuthedHttpRequest) -> HttpResponse:
    form = ComplaintSubmitForm(
        request.POST or None,
        request.FILES or None,
        engagements=sel.portal_engagements(user=request.user),
        initial={"engagement": request.GET.get("engagement")},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                complaint = svc.complaint_submit(
                    actor=request.user,
                    engagement_id=d["engagement"].pk if d["engagement"] else None,
                    nature=d["nature"],
                    subject=d["subject"],
                    description=d["description"],
                    files=d["files"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
                status = exc.status_code
            else:
                messages.success(
                    request,
                    _("Your complaint %(ref)s is received. We respond within 24 hours.")
                    % {"ref": complaint.reference},
                )
                return redirect("portal:complaint", complaint.pk)
        else:
            status = 400
    return render(request, "clients/portal/complaint_new.html", {"form": form}, status=status)


def _complaint_page(
    request: AuthedHttpRequest,
    pk: int,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    detail = sel.complaint_detail(user=request.user, pk=pk)
    forms_: dict[str, forms.Form] = {
        "reply": ClientReplyForm(),
        "confirm": ConfirmForm(),
        "reopen": ReopenForm(),
    }
    forms_.update(bound or {})
    return render(
        request,
        "clients/portal/complaint.html",
        {"detail": detail, "complaint": detail.complaint, "forms": forms_},
        status=status,
    )


@role_required(*CLIENT)
def portal_complaint(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _complaint_page(request, pk)


def _client_step(
    request: AuthedHttpRequest, pk: int, name: str, form: forms.Form, save: Any, done: str
) -> HttpResponse:
    sel.complaint_detail(user=request.user, pk=pk)  # foreign or missing: 404 first
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ApplicationError as exc:
            if any(field in form.fields for field in exc.extra):
                add_service_error(form, exc)
            else:  # a refusal of the step itself: the step's form may no longer be shown
                messages.error(request, exc.message)
            return _complaint_page(request, pk, {name: form}, status=exc.status_code)
        messages.success(request, done)
        return redirect("portal:complaint", pk)
    return _complaint_page(request, pk, {name: form}, status=400)


@require_POST
@role_required(*CLIENT)
def portal_complaint_reply(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _client_step(
        request,
        pk,
        "reply",
        ClientReplyForm(request.POST, request.FILES),
        lambda d: svc.complaint_reply(actor=request.user, complaint_id=pk, **d),
        _("Your message is added."),
    )


@require_POST
@role_required(*CLIENT)
def portal_complaint_confirm(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _client_step(
        request,
        pk,
        "confirm",
        ConfirmForm(request.POST),
        lambda d: svc.complaint_confirm(actor=request.user, complaint_id=pk, **d),
        _("Thank you: the complaint is closed."),
    )


@require_POST
@role_required(*CLIENT)
def portal_complaint_reopen(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _client_step(
        request,
        pk,
        "reopen",
        ReopenForm(request.POST),
        lambda d: svc.complaint_reopen(actor=request.user, complaint_id=pk, **d),
        _("The complaint is reopened; we get back to you within 48 hours."),
    )


@role_required(*CLIENT)
def portal_attachment(request: AuthedHttpRequest, complaint_pk: int, pk: int) -> HttpResponse:
    # A streamed file: role_required types views as HttpResponse.
    return serve_attachment(request, complaint_pk, pk)  # type: ignore[return-value]


# --- surveys ---------------------------------------------------------------------------------


@role_required(*CLIENT)
def portal_surveys(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "clients/portal/surveys.html",
        {"surveys": sel.survey_list(user=request.user)[:100]},
    )


def _survey_form_page(
    request: Any, survey: Any, save: Any, *, template: str = "clients/portal/survey.html"
) -> HttpResponse:
    form = SurveyAnswerForm(request.POST or None, questions=survey_svc.survey_questions(survey))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                save(form.scores(), form.cleaned_data["comment"])
            except ApplicationError as exc:
                add_service_error(form, exc)
                status = exc.status_code
            else:
                return render(request, "clients/portal/survey_thanks.html", {"survey": survey})
        else:
            status = 400
    return render(request, template, {"form": form, "survey": survey}, status=status)


@role_required(*CLIENT)
def portal_survey(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    survey = one(surveys_visible_to(request.user).select_related("engagement", "template"), pk)
    if survey.status not in ("pending", "sent"):
        return render(request, "clients/portal/survey_thanks.html", {"survey": survey})
    return _survey_form_page(
        request,
        survey,
        lambda scores, comment: survey_svc.survey_answer(
            actor=request.user, survey_id=survey.pk, scores=scores, comment=comment
        ),
    )


def survey_by_token(request: Any, token: str) -> HttpResponse:
    """SEC-21: the e-mailed link works without signing in, once, until it expires; a
    forged, used, expired or revoked link shows the same page with 404."""
    try:
        survey = survey_svc.survey_by_token(token)
    except ApplicationError as exc:
        return render(
            request, "clients/portal/survey_gone.html", {"message": exc.message}, status=404
        )
    return _survey_form_page(
        request,
        survey,
        lambda scores, comment: survey_svc.survey_answer_by_token(
            token=token, scores=scores, comment=comment
        ),
        template="clients/portal/survey_public.html",
    )


# --- profile and consents --------------------------------------------------------------------


@role_required(*CLIENT)
def portal_profile(request: AuthedHttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                consent_grant(
                    actor=request.user, person=request.user, channel="portal", **form.cleaned_data
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("Your consent is recorded."))
                return redirect("portal:profile")
        else:
            status = 400
    return _profile_page(request, form=form, status=status)


def _profile_page(
    request: AuthedHttpRequest,
    *,
    form: forms.Form | None = None,
    profile_form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    contact = profile_for(request.user)
    context = {
        "form": form or ConsentForm(),
        "profile_form": profile_form
        or ProfileForm(initial={"phone": contact.phone, "position": contact.position}),
        "contact": contact,
        "consents": sel.consent_list(user=request.user, person=request.user),
    }
    return render(request, "clients/portal/profile.html", context, status=status)


@require_POST
@role_required(*CLIENT)
def portal_profile_contact(request: AuthedHttpRequest) -> HttpResponse:
    """The client user corrects their own phone and position (SEC-25, kept encrypted)."""
    form = ProfileForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, profile_form=form, status=400)
    try:
        profile_update(actor=request.user, **form.cleaned_data)
    except ApplicationError as exc:
        add_service_error(form, exc)
        return _profile_page(request, profile_form=form, status=exc.status_code)
    messages.success(request, _("Your contact details are saved."))
    return redirect("portal:profile")


@require_POST
@role_required(*CLIENT)
def portal_consent_withdraw(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    try:
        consent_withdraw(actor=request.user, consent_id=pk)
    except ApplicationError as exc:
        if exc.status_code == 404:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your consent is withdrawn, effective now."))
    return redirect("portal:profile")
