"""Staff pages: the client list, complaints (log, handle, answer) and CSAT (CRM-3, CRM-4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
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
from clients.choices import ComplaintStatus, SurveyDimension
from clients.forms import (
    AnalyseForm,
    BodyForm,
    ClassifyForm,
    CommunicationForm,
    ComplaintLogForm,
    RectifiedForm,
    ReplyForm,
)
from clients.permissions import RELATIONS_ROLES, visible_to
from clients.services import complaints as svc
from clients.services.communications import communication_log
from clients.views.common import serve_attachment
from core.exceptions import ApplicationError
from core.navigation import ALL_STAFF
from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements.choices import ServiceType
from engagements.permissions import visible_to as engagements_visible_to
from engagements.views.plan import add_service_error


@role_required(*RELATIONS_ROLES)
def client_list_view(request: AuthedHttpRequest) -> HttpResponse:
    page = Paginator(sel.client_list(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "clients/list.html", {"page": page})


@role_required(*RELATIONS_ROLES)
def complaint_list_view(request: AuthedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ComplaintStatus.values:
        status = ""
    q = request.GET.get("q", "").strip()[: sel.SEARCH_MAX]
    qs = sel.complaint_list(user=request.user, status=status, q=q)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "clients/complaints/list.html",
        {"page": page, "status": status, "q": q, "statuses": ComplaintStatus.choices},
    )


@role_required(*RELATIONS_ROLES)
def complaint_log_view(request: AuthedHttpRequest) -> HttpResponse:
    form = ComplaintLogForm(
        request.POST or None,
        request.FILES or None,
        clients=visible_to(request.user).order_by("name"),
        engagements=engagements_visible_to(request.user).order_by("-created_at"),
        initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            complaint = svc.complaint_log(
                actor=request.user,
                client_id=d["client"].pk,
                engagement_id=d["engagement"].pk if d["engagement"] else None,
                channel=d["channel"],
                nature=d["nature"],
                severity=d["severity"],
                subject=d["subject"],
                description=d["description"],
                contact_name=d["contact_name"],
                received_at=d["received_at"],
                files=d["files"],
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
            status = exc.status_code
        else:
            messages.success(request, _("The complaint is logged and its clocks are running."))
            return redirect("clients:complaint", complaint.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "clients/complaints/log.html", {"form": form}, status=status)


def _detail(
    request: AuthedHttpRequest,
    pk: int,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    detail = sel.complaint_detail(user=request.user, pk=pk)
    c = detail.complaint
    forms_ = {
        "classify": ClassifyForm(initial={"nature": c.nature, "severity": c.severity}),
        "respond": BodyForm(prefix="respond"),
        "analyse": AnalyseForm(),
        "feedback": BodyForm(prefix="feedback"),
        "rectified": RectifiedForm(),
        "reply": ReplyForm(),
    }
    forms_.update(bound or {})
    return render(
        request,
        "clients/complaints/detail.html",
        {"detail": detail, "complaint": c, "forms": forms_},
        status=status,
    )


def _step(
    request: AuthedHttpRequest,
    pk: int,
    name: str,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ApplicationError as exc:
            if any(field in form.fields for field in exc.extra):
                add_service_error(form, exc)
            else:  # a refusal of the step itself: the step's form may no longer be shown
                messages.error(request, exc.message)
            return _detail(request, pk, {name: form}, status=exc.status_code)
        messages.success(request, done)
        return redirect("clients:complaint", pk)
    return _detail(request, pk, {name: form}, status=400)


@role_required(*RELATIONS_ROLES)
def complaint_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@require_POST
@role_required(*RELATIONS_ROLES)
def complaint_classify_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    sel.complaint_detail(user=request.user, pk=pk)  # 404 first
    return _step(
        request,
        pk,
        "classify",
        ClassifyForm(request.POST),
        lambda d: svc.complaint_classify(actor=request.user, complaint_id=pk, **d),
        _("The classification is saved."),
    )


@require_POST
@role_required(*RELATIONS_ROLES)
def complaint_respond_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    sel.complaint_detail(user=request.user, pk=pk)
    return _step(
        request,
        pk,
        "respond",
        BodyForm(request.POST, prefix="respond"),
        lambda d: svc.complaint_respond(actor=request.user, complaint_id=pk, body=d["body"]),
        _("The first response is sent to the client."),
    )


@require_POST
@role_required(*RELATIONS_ROLES)
def complaint_analyse_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    sel.complaint_detail(user=request.user, pk=pk)
    return _step(
        request,
        pk,
        "analyse",
        AnalyseForm(request.POST),
        lambda d: svc.complaint_analyse(actor=request.user, complaint_id=pk, **d),
        _("The initial analysis is recorded."),
    )


@require_POST
@role_required(*RELATIONS_ROLES)
def complaint_feedback_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    sel.complaint_detail(user=request.user, pk=pk)
    return _step(
        request,
        pk,
        "feedback",
        BodyForm(request.POST, prefix="feedback"),
        lambda d: svc.complaint_feedback(actor=request.user, complaint_id=pk, body=d["body"]),
        _("The feedback is sent; the client now confirms or reopens."),
    )


@require_POST
@role_required(*RELATIONS_ROLES)
def complaint_rectified_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    sel.complaint_detail(user=request.user, pk=pk)
    return _step(
        request,
        pk,
        "rectified",
        RectifiedForm(request.POST),
        lambda d: svc.complaint_rectified(actor=request.user, complaint_id=pk, note=d["note"]),
        _("The rectification is recorded."),
    )


@require_POST
@role_required(*RELATIONS_ROLES)
def complaint_reply_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    sel.complaint_detail(user=request.user, pk=pk)
    return _step(
        request,
        pk,
        "reply",
        ReplyForm(request.POST, request.FILES),
        lambda d: svc.complaint_reply(actor=request.user, complaint_id=pk, **d),
        _("The message is added."),
    )


@role_required(*RELATIONS_ROLES)
def attachment_view(request: AuthedHttpRequest, complaint_pk: int, pk: int) -> HttpResponse:
    # A streamed file: role_required types views as HttpResponse.
    return serve_attachment(request, complaint_pk, pk)  # type: ignore[return-value]


def _period(request: AuthedHttpRequest) -> tuple[datetime, datetime]:
    today = timezone.localdate()
    try:
        start = datetime.fromisoformat(request.GET.get("start", "")).date()
    except ValueError:
        start = today.replace(month=((today.month - 1) // 3) * 3 + 1, day=1)
    try:
        end = datetime.fromisoformat(request.GET.get("end", "")).date()
    except ValueError:
        end = today
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


@role_required(*RELATIONS_ROLES)
def csat_view(request: AuthedHttpRequest) -> HttpResponse:
    """CSAT for a period, overall and per engagement, service type, project manager and
    dimension, with the reasons given in low-score surveys (CRM-4)."""
    start, end = _period(request)
    service_types = dict(ServiceType.choices)
    by_service = sel.csat_breakdown(start, end, by="service_type")
    for row in by_service:
        row["label"] = service_types.get(row["key"], row["key"])
    dimensions = dict(SurveyDimension.choices)
    by_dimension = sel.csat_breakdown(start, end, by="dimension")
    for row in by_dimension:
        row["label"] = dimensions.get(row["key"], row["key"])
    context = {
        "start": start.date(),
        "end": (end - timedelta(days=1)).date(),
        "overall": sel.csat_for_period(start, end),
        "by_engagement": sel.csat_breakdown(start, end, by="engagement"),
        "by_service": by_service,
        "by_manager": sel.csat_breakdown(start, end, by="project_manager"),
        "by_dimension": by_dimension,
        "reasons": sel.dissatisfaction_reasons(start, end),
    }
    return render(request, "clients/csat.html", context)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() else None


@role_required(*ALL_STAFF)
def communications_view(request: AuthedHttpRequest) -> HttpResponse:
    """CRM-7: the communication log, filtered by client or engagement, and a form to log one."""
    client_id = _int(request.GET.get("client"))
    engagement_id = _int(request.GET.get("engagement"))
    form = CommunicationForm(
        request.POST or None,
        clients=visible_to(request.user).order_by("name"),
        engagements=engagements_visible_to(request.user).order_by("-created_at"),
        initial={
            "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
            "client": client_id,
            "engagement": engagement_id,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                communication_log(
                    actor=request.user,
                    client_id=d["client"].pk if d["client"] else None,
                    engagement_id=d["engagement"].pk if d["engagement"] else None,
                    channel=d["channel"],
                    direction=d["direction"],
                    occurred_at=d["occurred_at"],
                    contact_name=d["contact_name"],
                    subject=d["subject"],
                    summary=d["summary"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, _("The communication is logged."))
                return redirect(request.get_full_path())
        else:
            status = 400
    rows = sel.communication_list(
        user=request.user, client_id=client_id, engagement_id=engagement_id
    )
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request, "clients/communications.html", {"page": page, "form": form}, status=status
    )
