"""Webhook pages for administrators: endpoints, one endpoint's settings and delivery log,
"send test event" and "try again". Every write calls a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.models import WebhookEndpoint
from core.permissions import role_required
from core.types import AuthedHttpRequest
from core.webhooks import selectors as sel
from core.webhooks import services as svc
from core.webhooks.events import EVENT_TYPES
from core.webhooks.filters import DeliveryFilter
from core.webhooks.forms import EndpointForm, endpoint_form
from staff.choices import Role

PAGE_SIZE = 50


def _endpoint(pk: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.filter(pk=pk).first()
    if endpoint is None:
        raise Http404
    return endpoint


def _place_error(form: EndpointForm, exc: ApplicationError) -> None:
    field = next((name for name in exc.extra if name in form.fields), None)
    form.add_error(field, exc.message)


@role_required(Role.ADMIN)
def endpoint_list(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "core/webhooks/list.html",
        {"endpoints": list(sel.endpoints_list()), "event_labels": EVENT_TYPES},
    )


def _save(request: AuthedHttpRequest, endpoint: WebhookEndpoint | None) -> HttpResponse:
    initial: dict[str, Any] = {"is_active": True}
    if endpoint is not None:
        initial = {
            "name": endpoint.name,
            "url": endpoint.url,
            "events": endpoint.events,
            "is_active": endpoint.is_active,
        }
    form = endpoint_form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if endpoint is None:
                endpoint = svc.webhook_endpoint_create(actor=request.user, **d)
            else:
                endpoint = svc.webhook_endpoint_update(
                    actor=request.user, endpoint_id=endpoint.pk, **d
                )
        except ApplicationError as exc:
            _place_error(form, exc)
        else:
            messages.success(request, _("Webhook endpoint saved."))
            return redirect("webhooks:detail", endpoint.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "core/webhooks/form.html",
        {"form": form, "endpoint": endpoint},
        status=status,
    )


@role_required(Role.ADMIN)
def endpoint_add(request: AuthedHttpRequest) -> HttpResponse:
    return _save(request, None)


@role_required(Role.ADMIN)
def endpoint_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _save(request, _endpoint(pk))


@role_required(Role.ADMIN)
def endpoint_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The endpoint's settings and its delivery log (status, attempts, response code,
    duration, last error), newest first, filterable by status."""
    endpoint = _endpoint(pk)
    filterset = DeliveryFilter(
        request.GET, queryset=sel.deliveries_list().filter(endpoint=endpoint)
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/webhooks/detail.html",
        {
            "endpoint": endpoint,
            "page": page,
            "filter": filterset,
            "event_labels": EVENT_TYPES,
        },
    )


@require_POST
@role_required(Role.ADMIN)
def endpoint_test(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    svc.webhook_send_test(actor=request.user, endpoint_id=_endpoint(pk).pk)
    messages.success(request, _("Test event queued: its delivery appears in the log below."))
    return redirect("webhooks:detail", pk)


@require_POST
@role_required(Role.ADMIN)
def endpoint_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    svc.webhook_endpoint_delete(actor=request.user, endpoint_id=_endpoint(pk).pk)
    messages.success(request, _("Webhook endpoint deleted."))
    return redirect("webhooks:list")


@require_POST
@role_required(Role.ADMIN)
def delivery_retry(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    try:
        delivery = svc.webhook_delivery_retry(actor=request.user, delivery_id=pk)
    except ApplicationError as exc:
        if exc.status_code == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
        return redirect("webhooks:list")
    messages.success(request, _("The delivery will be tried again."))
    return redirect("webhooks:detail", delivery.endpoint_id)
