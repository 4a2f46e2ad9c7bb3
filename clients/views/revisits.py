"""Revisit pages (CRM-6): the list with filters and a form to plan one; a revisit's page to
log what came of it (meeting the engagement's follow-up obligation) or cancel it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clients import selectors as sel
from clients.filters import RevisitFilter
from clients.forms_relations import RevisitCancelForm, RevisitLogForm, RevisitPlanForm
from clients.permissions import visible_to
from clients.services import revisits as svc
from core.exceptions import ApplicationError
from core.navigation import ALL_STAFF
from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements.permissions import visible_to as engagements_visible_to
from engagements.views.plan import add_service_error

PAGE_SIZE = 25


@role_required(*ALL_STAFF)
def revisit_list_view(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    form = RevisitPlanForm(
        request.POST or None,
        clients=visible_to(user).order_by("name"),
        engagements=engagements_visible_to(user).order_by("-created_at"),
        initial={"engagement": request.GET.get("engagement")},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                revisit = svc.revisit_plan(
                    actor=user,
                    client_id=d["client"].pk if d["client"] else None,
                    engagement_id=d["engagement"].pk if d["engagement"] else None,
                    method=d["method"],
                    planned_date=d["planned_date"],
                    purpose=d["purpose"],
                    contact_name=d["contact_name"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("The revisit is planned."))
                return redirect("clients:revisit", revisit.pk)
        else:
            status = 400
    filterset = RevisitFilter(request.GET, queryset=sel.revisit_list(user=user))
    if not filterset.is_valid() and status == 200:
        status = 400
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "clients/revisits/list.html",
        {"filter": filterset, "page": page, "form": form, "today": timezone.localdate()},
        status=status,
    )


def _page(
    request: AuthedHttpRequest,
    pk: int,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    revisit = sel.revisit_detail(user=request.user, pk=pk)
    forms_: dict[str, forms.Form] = {
        "log": RevisitLogForm(
            initial={
                "done_at": timezone.localtime().replace(second=0, microsecond=0),
                "meet_obligation": True,
            }
        ),
        "cancel": RevisitCancelForm(),
    }
    forms_.update(bound or {})
    history = list(revisit.history.select_related("history_user").order_by("-history_date")[:20])
    return render(
        request,
        "clients/revisits/detail.html",
        {"revisit": revisit, "forms": forms_, "history": history},
        status=status,
    )


@role_required(*ALL_STAFF)
def revisit_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _page(request, pk)


def _step(
    request: AuthedHttpRequest,
    pk: int,
    name: str,
    form: forms.Form,
    run: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    sel.revisit_detail(user=request.user, pk=pk)  # 404 first
    if not form.is_valid():
        return _page(request, pk, {name: form}, status=400)
    try:
        run(form.cleaned_data)
    except ApplicationError as exc:
        if any(field in form.fields for field in exc.extra):
            add_service_error(form, exc)
        else:
            messages.error(request, exc.message)
        return _page(request, pk, {name: form}, status=exc.status_code)
    messages.success(request, done)
    return redirect("clients:revisit", pk)


@require_POST
@role_required(*ALL_STAFF)
def revisit_log_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "log",
        RevisitLogForm(request.POST),
        lambda d: svc.revisit_log(actor=request.user, revisit_id=pk, **d),
        _("The revisit is logged."),
    )


@require_POST
@role_required(*ALL_STAFF)
def revisit_cancel_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        "cancel",
        RevisitCancelForm(request.POST),
        lambda d: svc.revisit_cancel(actor=request.user, revisit_id=pk, reason=d["reason"]),
        _("The revisit is cancelled."),
    )
