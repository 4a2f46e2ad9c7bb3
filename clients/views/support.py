"""Support request pages (CRM-5): the staff inbox with filters and clocks, a request's page
with reply and resolve, logging a hotline or e-mail request; and the portal's list, form
and request page where the client sees the status and the replies."""

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
from clients.filters import SupportRequestFilter
from clients.forms_relations import (
    SupportClientReplyForm,
    SupportLogForm,
    SupportRaiseForm,
    SupportReplyForm,
    SupportResolveForm,
)
from clients.permissions import RELATIONS_ROLES, visible_to
from clients.services import support as svc
from core.exceptions import ApplicationError
from core.navigation import ROLES_FOR
from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements.permissions import visible_to as engagements_visible_to
from engagements.views.plan import add_service_error

CLIENT = ROLES_FOR["portal"]
PAGE_SIZE = 25


# --- staff -----------------------------------------------------------------------------------


@role_required(*RELATIONS_ROLES)
def support_list_view(request: AuthedHttpRequest) -> HttpResponse:
    filterset = SupportRequestFilter(request.GET, queryset=sel.support_list(user=request.user))
    status = 200 if filterset.is_valid() else 400
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "clients/support/list.html",
        {"filter": filterset, "page": page, "now": timezone.now()},
        status=status,
    )


@role_required(*RELATIONS_ROLES)
def support_log_view(request: AuthedHttpRequest) -> HttpResponse:
    form = SupportLogForm(
        request.POST or None,
        clients=visible_to(request.user).order_by("name"),
        engagements=engagements_visible_to(request.user).order_by("-created_at"),
        initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                item = svc.support_request_log(
                    actor=request.user,
                    client_id=d["client"].pk,
                    engagement_id=d["engagement"].pk if d["engagement"] else None,
                    kind=d["kind"],
                    channel=d["channel"],
                    subject=d["subject"],
                    description=d["description"],
                    contact_name=d["contact_name"],
                    received_at=d["received_at"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("The request is logged and its clocks are running."))
                return redirect("clients:support_request", item.pk)
        else:
            status = 400
    return render(request, "clients/support/log.html", {"form": form}, status=status)


def _staff_page(
    request: AuthedHttpRequest,
    pk: int,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    detail = sel.support_detail(user=request.user, pk=pk)
    forms_: dict[str, forms.Form] = {
        "reply": SupportReplyForm(),
        "resolve": SupportResolveForm(),
    }
    forms_.update(bound or {})
    return render(
        request,
        "clients/support/detail.html",
        {"detail": detail, "item": detail.request, "forms": forms_},
        status=status,
    )


@role_required(*RELATIONS_ROLES)
def support_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _staff_page(request, pk)


def _step(
    request: AuthedHttpRequest,
    pk: int,
    name: str,
    form: forms.Form,
    run: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    if not form.is_valid():
        return _staff_page(request, pk, {name: form}, status=400)
    try:
        run(form.cleaned_data)
    except ApplicationError as exc:
        if any(field in form.fields for field in exc.extra):
            add_service_error(form, exc)
        else:
            messages.error(request, exc.message)
        return _staff_page(request, pk, {name: form}, status=exc.status_code)
    messages.success(request, done)
    return redirect("clients:support_request", pk)


@require_POST
@role_required(*RELATIONS_ROLES)
def support_reply_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    sel.support_detail(user=request.user, pk=pk)  # 404 first
    return _step(
        request,
        pk,
        "reply",
        SupportReplyForm(request.POST),
        lambda d: svc.support_reply(actor=request.user, request_id=pk, **d),
        _("The message is added."),
    )


@require_POST
@role_required(*RELATIONS_ROLES)
def support_resolve_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    sel.support_detail(user=request.user, pk=pk)
    return _step(
        request,
        pk,
        "resolve",
        SupportResolveForm(request.POST),
        lambda d: svc.support_request_resolve(actor=request.user, request_id=pk, **d),
        _("The request is resolved."),
    )


# --- portal ----------------------------------------------------------------------------------


@role_required(*CLIENT)
def portal_support(request: AuthedHttpRequest) -> HttpResponse:
    items = sel.support_list(user=request.user)[:100]
    return render(request, "clients/portal/support.html", {"items": items})


@role_required(*CLIENT)
def portal_support_new(request: AuthedHttpRequest) -> HttpResponse:
    form = SupportRaiseForm(
        request.POST or None,
        engagements=sel.portal_engagements(user=request.user),
        initial={"kind": request.GET.get("kind") or "support"},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                item = svc.support_request_raise(
                    actor=request.user,
                    kind=d["kind"],
                    subject=d["subject"],
                    description=d["description"],
                    engagement_id=d["engagement"].pk if d["engagement"] else None,
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("Thank you: we will get back to you soon."))
                return redirect("portal:support_request", item.pk)
        else:
            status = 400
    return render(request, "clients/portal/support_new.html", {"form": form}, status=status)


@role_required(*CLIENT)
def portal_support_request(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    detail = sel.support_detail(user=request.user, pk=pk)
    form = SupportClientReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.support_reply(actor=request.user, request_id=pk, body=form.cleaned_data["body"])
            except ApplicationError as exc:
                add_service_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("Your message is sent."))
                return redirect("portal:support_request", pk)
        else:
            status = 400
    return render(
        request,
        "clients/portal/support_request.html",
        {"detail": detail, "item": detail.request, "form": form},
        status=status,
    )
