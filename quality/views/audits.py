"""Audit pages (QC-6…QC-11): list, plan, detail with the scoring sheet, the opinion and the
team's reply, spot-check samples and the annual results. Each POST calls one service; a
refusal shows the form again with the translated reason and nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

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
from engagements.models import Engagement
from engagements.views.plan import add_service_error
from quality.forms.audits import (
    AuditPlanForm,
    OpinionForm,
    PublishForm,
    ReplyForm,
    SampleForm,
    ScoreForm,
)
from quality.models.audits import AuditKind, AuditStatus, Grade, audit_settings
from quality.selectors import audits as sel
from quality.services import audits as svc

STAFF = ROLES_FOR["quality"]
FORM_PAGE = "quality/form_page.html"


def step(
    request: AuthedHttpRequest,
    *,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    title: str,
    done: str,
    back_url: str,
    next_url: Callable[[object], str] | None = None,
    intro: str = "",
) -> HttpResponse:
    """GET shows the form; a valid POST calls ``save`` (one service) and redirects."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = save(form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, done)
                return redirect(next_url(result) if next_url else back_url)
        else:
            status = 400
    context = {"form": form, "title": title, "intro": intro, "back_url": back_url}
    return render(request, FORM_PAGE, context, status=status)


@role_required(*STAFF)
def audit_list_view(request: AuthedHttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    kind = kind if kind in AuditKind.values else ""
    status = status if status in AuditStatus.values else ""
    audits = list(sel.audit_list(user=request.user, kind=kind, status=status)[:200])
    return render(
        request,
        "quality/audits/list.html",
        {
            "audits": audits,
            "kinds": AuditKind.choices,
            "statuses": AuditStatus.choices,
            "kind": kind,
            "status": status,
            "can_manage": svc.can_manage_audits(request.user),
        },
    )


@role_required(*STAFF)
def audit_plan_view(request: AuthedHttpRequest) -> HttpResponse:
    form = AuditPlanForm(
        request.POST or None,
        initial={"planned_date": timezone.localdate(), "kind": AuditKind.SCHEDULED},
    )
    from engagements.permissions import visible_to

    field = cast(forms.ModelMultipleChoiceField, form.fields["engagements"])
    field.queryset = (
        visible_to(request.user)
        .exclude(stage__in=["lead", "declined", "cancelled"])
        .order_by("code")
    )
    return step(
        request,
        form=form,
        save=lambda d: svc.audit_plan(actor=request.user, **d),
        title=_("Plan an audit"),
        done=_("Audit planned."),
        back_url=reverse("quality:audit_list"),
        next_url=lambda audit: audit.get_absolute_url(),  # type: ignore[attr-defined]
    )


@role_required(*STAFF)
def audit_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    audit = sel.access_audit(request.user, pk)
    entries = sel.audit_entries(audit)
    user = request.user
    return render(
        request,
        "quality/audits/detail.html",
        {
            "audit": audit,
            "entries": entries,
            "criteria": list(audit.template.criteria.all()),
            "samples": sel.samples_for(audit),
            "can_manage": svc.can_manage_audits(user),
            "can_conclude": svc.can_manage_audits(user)
            and audit.status != AuditStatus.CONCLUDED
            and bool(entries)
            and all(e.score is not None for e in entries),
            "reply_ids": {e.pk for e in entries if svc.can_reply(user, e)},
            "sample_form": SampleForm(),
            "bands": audit_settings(),
        },
    )


@role_required(*STAFF)
def entry_score_view(request: AuthedHttpRequest, entry_pk: int) -> HttpResponse:
    entry = sel.access_entry(request.user, entry_pk)
    sheet = sel.scoring_sheet(entry)
    form = ScoreForm(request.POST or None, sheet=sheet)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.audit_score(
                    actor=request.user, entry=entry, points=form.points(), notes=form.notes()
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                messages.success(request, _("Score saved."))
                return redirect(entry.audit.get_absolute_url())
        else:
            status = 400
    return render(
        request,
        "quality/audits/score.html",
        {"entry": entry, "audit": entry.audit, "form": form, "bands": audit_settings()},
        status=status,
    )


@role_required(*STAFF)
def entry_opinion_view(request: AuthedHttpRequest, entry_pk: int) -> HttpResponse:
    entry = sel.access_entry(request.user, entry_pk)
    return step(
        request,
        form=OpinionForm(request.POST or None),
        save=lambda d: svc.audit_opinion_send(actor=request.user, entry=entry, **d),
        title=_("Send the written opinion"),
        done=_("Opinion sent; the team's reply clock has started."),
        back_url=entry.audit.get_absolute_url(),
        intro=str(entry.engagement),
    )


@role_required(*STAFF)
def entry_reply_view(request: AuthedHttpRequest, entry_pk: int) -> HttpResponse:
    entry = sel.access_entry(request.user, entry_pk)
    return step(
        request,
        form=ReplyForm(request.POST or None),
        save=lambda d: svc.audit_reply(actor=request.user, entry=entry, **d),
        title=_("Reply with the rectification"),
        done=_("Reply recorded."),
        back_url=entry.audit.get_absolute_url(),
        intro=entry.opinion,
    )


@role_required(*STAFF)
def audit_conclude_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    audit = sel.access_audit(request.user, pk)
    if request.method == "POST":
        try:
            svc.audit_conclude(actor=request.user, audit=audit)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Audit concluded."))
    return redirect(audit.get_absolute_url())


@role_required(*STAFF)
def sample_draw_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    audit = sel.access_audit(request.user, pk)
    return step(
        request,
        form=SampleForm(request.POST or None),
        save=lambda d: svc.spot_check_draw(actor=request.user, audit=audit, **d),
        title=_("Draw a spot-check sample"),
        done=_("Sample drawn."),
        back_url=audit.get_absolute_url(),
    )


@role_required(*STAFF)
def annual_results_view(request: AuthedHttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    form = PublishForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            svc.annual_results_publish(actor=request.user, year=year)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Annual results published."))
        return redirect(f"{request.path}?year={year}")
    ranking = sel.annual_ranking(year=year)
    published = list(sel.annual_results(year=year))
    engagements = Engagement.objects.in_bulk([r.engagement_id for r in ranking])
    settings_row = audit_settings()
    preview = [
        {
            "rank": r.rank,
            "engagement": engagements.get(r.engagement_id),
            "score": r.score,
            "grade": settings_row.grade_for(r.score),
        }
        for r in ranking
    ]
    return render(
        request,
        "quality/audits/annual.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "published": published,
            "preview": preview,
            "form": form,
            "can_manage": svc.can_manage_audits(request.user),
            "unqualified": Grade.UNQUALIFIED,
        },
    )
