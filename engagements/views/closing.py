"""Delivery, acceptance and follow-up pages: the closing section of the engagement page (loaded
by htmx, so its queries are ours and fixed) and one POST endpoint per step, each calling one
service (ENG-10, ENG-11, ENG-12). The section holds the forms inline; a GET of a step's URL
shows the same form on its own page, and a refusal shows it again there with the user's
input and the translated reason, nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.navigation import ROLES_FOR
from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements.forms.closing import (
    AcceptanceRequestForm,
    DeliverForm,
    DeliveryItemForm,
    MeetForm,
    ObligationForm,
    ResubmitForm,
    TickForm,
    VerdictForm,
    WaiveForm,
)
from engagements.models import Engagement
from engagements.models.closing import (
    AcceptanceRequest,
    ChecklistItem,
)
from engagements.permissions import access_engagement
from engagements.selectors import closing as sel
from engagements.services import closing as svc
from engagements.views.plan import add_service_error

STAFF = ROLES_FOR["engagements"]
BODY = "engagements/closing/_body.html"
CHECKLIST = "engagements/closing/_body.html#checklist"
FORM_PAGE = "engagements/closing/form_page.html"


# --- helpers ---------------------------------------------------------------------------------


def _tab_url(engagement_id: int) -> str:
    return reverse("engagements:detail", args=[engagement_id]) + "?tab=closing"


def _step(
    request: AuthedHttpRequest,
    *,
    engagement: Engagement,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    title: str,
    done: str,
    intro: str = "",
) -> HttpResponse:
    """GET shows the form on its own page; a valid POST calls ``save`` (one service) and goes
    back to the tab; invalid input or a refusal shows the form again with the reason."""
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
                return redirect(_tab_url(engagement.pk))
        else:
            status = 400
    context = {
        "engagement": engagement,
        "form": form,
        "title": title,
        "intro": intro,
        "back_url": _tab_url(engagement.pk),
    }
    return render(request, FORM_PAGE, context, status=status)


def _section_context(request: AuthedHttpRequest, engagement: Engagement) -> dict[str, Any]:
    overview = sel.closing_overview(engagement=engagement, user=request.user)
    if overview.can_tick and len(overview.checklist) < len(ChecklistItem.values):
        # The standard items appear the first time the project manager opens the checklist.
        svc.delivery_checklist_seed(actor=request.user, engagement=engagement)
        overview = sel.closing_overview(engagement=engagement, user=request.user)
    resubmit = overview.to_resubmit
    return {
        "o": overview,
        "delivery_form": DeliveryItemForm(
            initial={"planned_at": timezone.localtime().replace(second=0, microsecond=0)}
        ),
        "request_form": AcceptanceRequestForm(),
        "resubmit_form": ResubmitForm(
            initial={"content": resubmit.content, "criteria": resubmit.criteria}
            if resubmit
            else None
        ),
        "verdict_form": VerdictForm(engagement=engagement),
        "obligation_form": ObligationForm(),
    }


# --- the section and the checklist (ENG-10) ---------------------------------------------------


@role_required(*STAFF)
def closing_section_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    return render(request, BODY, _section_context(request, engagement))


@role_required(*STAFF)
def checklist_tick_view(request: AuthedHttpRequest, item_pk: int) -> HttpResponse:
    """htmx: answer the checklist card, with a refusal inside it (htmx swaps only 2xx).
    Without htmx: the form-page flow of every other step."""
    row = sel.checklist_item_for(request.user, item_pk)
    engagement = row.engagement
    form = TickForm(request.POST or None, initial={"done": row.is_done})
    if request.htmx and request.method == "POST":  # type: ignore[attr-defined]
        error = ""
        if form.is_valid():
            try:
                svc.delivery_checklist_tick(
                    actor=request.user, item_id=row.pk, done=form.cleaned_data["done"]
                )
            except ApplicationError as exc:
                error = exc.message
        overview = sel.closing_overview(engagement=engagement, user=request.user)
        return render(request, CHECKLIST, {"o": overview, "error": error})
    return _step(
        request,
        engagement=engagement,
        form=form,
        save=lambda d: svc.delivery_checklist_tick(
            actor=request.user, item_id=row.pk, done=d["done"]
        ),
        title=str(row),
        done=_("Checklist updated."),
        intro=_("Delivery preparation checklist"),
    )


# --- delivery list (ENG-10) ------------------------------------------------------------------


@role_required(*STAFF)
def delivery_item_add_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    return _step(
        request,
        engagement=engagement,
        form=DeliveryItemForm(request.POST or None),
        save=lambda d: svc.delivery_item_add(actor=request.user, engagement=engagement, **d),
        title=_("Add to the delivery list"),
        done=_("Delivery item added."),
    )


@role_required(*STAFF)
def delivery_item_deliver_view(request: AuthedHttpRequest, item_pk: int) -> HttpResponse:
    item = sel.delivery_item_for(request.user, item_pk)
    return _step(
        request,
        engagement=item.engagement,
        form=DeliverForm(request.POST or None),
        save=lambda d: svc.delivery_item_deliver(
            actor=request.user, item_id=item.pk, delivered_at=d["delivered_at"]
        ),
        title=_("Record the delivery"),
        done=_("Delivery recorded."),
        intro=item.content,
    )


# --- acceptance (ENG-11) ---------------------------------------------------------------------


@role_required(*STAFF)
def acceptance_request_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    return _step(
        request,
        engagement=engagement,
        form=AcceptanceRequestForm(request.POST or None),
        save=lambda d: svc.acceptance_request(actor=request.user, engagement=engagement, **d),
        title=_("Request acceptance"),
        done=_("Acceptance requested."),
    )


def _round_intro(round_: AcceptanceRequest) -> str:
    return _("Round %(n)s: %(content)s") % {"n": round_.round, "content": round_.content}


@role_required(*STAFF)
def acceptance_resubmit_view(request: AuthedHttpRequest, request_pk: int) -> HttpResponse:
    failed = sel.acceptance_for(request.user, request_pk)
    initial = {"content": failed.content, "criteria": failed.criteria}
    return _step(
        request,
        engagement=failed.engagement,
        form=ResubmitForm(request.POST or None, initial=initial),
        save=lambda d: svc.acceptance_resubmit(actor=request.user, request_id=failed.pk, **d),
        title=_("Resubmit after rectification"),
        done=_("Resubmitted for acceptance."),
        intro=_round_intro(failed),
    )


@role_required(*STAFF)
def acceptance_verdict_view(request: AuthedHttpRequest, request_pk: int) -> HttpResponse:
    pending = sel.acceptance_for(request.user, request_pk)
    engagement = pending.engagement
    form = VerdictForm(request.POST or None, engagement=engagement)

    def save(d: dict[str, Any]) -> object:
        return svc.acceptance_verdict(
            actor=request.user,
            request_id=pending.pk,
            verdict=d["verdict"],
            reasons=d["reasons"],
            on_behalf_of=d["on_behalf_of"].pk if d["on_behalf_of"] else None,
            client_contact=d["client_contact"],
            password=d["password"],
            otp=d["otp"],
        )

    return _step(
        request,
        engagement=engagement,
        form=form,
        save=save,
        title=_("Record the client's verdict"),
        done=_("The client's verdict is recorded."),
        intro=_round_intro(pending),
    )


# --- follow-up (ENG-12) ----------------------------------------------------------------------


@role_required(*STAFF)
def obligation_add_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = access_engagement(request.user, pk)
    return _step(
        request,
        engagement=engagement,
        form=ObligationForm(request.POST or None),
        save=lambda d: svc.obligation_add(actor=request.user, engagement=engagement, **d),
        title=_("Add a follow-up obligation"),
        done=_("Follow-up obligation added."),
    )


@role_required(*STAFF)
def obligation_meet_view(request: AuthedHttpRequest, obligation_pk: int) -> HttpResponse:
    obligation = sel.obligation_for(request.user, obligation_pk)
    return _step(
        request,
        engagement=obligation.engagement,
        form=MeetForm(request.POST or None),
        save=lambda d: svc.obligation_meet(
            actor=request.user, obligation_id=obligation.pk, outcome=d["outcome"]
        ),
        title=_("Obligation met"),
        done=_("Obligation marked as met."),
        intro=obligation.description,
    )


@role_required(*STAFF)
def obligation_waive_view(request: AuthedHttpRequest, obligation_pk: int) -> HttpResponse:
    obligation = sel.obligation_for(request.user, obligation_pk)
    return _step(
        request,
        engagement=obligation.engagement,
        form=WaiveForm(request.POST or None),
        save=lambda d: svc.obligation_waive(
            actor=request.user, obligation_id=obligation.pk, reason=d["reason"]
        ),
        title=_("Waive the obligation"),
        done=_("Obligation waived."),
        intro=obligation.description,
    )
