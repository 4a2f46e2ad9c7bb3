"""The risk index with the firm's heat map (RSK-2), the firm and engagement registers
(RSK-1), raising a risk with its suggested strategy (RSK-3), and a risk's page with its
response, reviews and history (RSK-3, RSK-4)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from core.navigation import ALL_STAFF
from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements.models import Engagement
from risk import forms as f
from risk import permissions as perms
from risk import selectors as sel
from risk.choices import Impact, Likelihood, RiskStatus
from risk.models import MatrixCell, RiskCategory, RiskLevel
from risk.services import register as svc
from risk.views.common import RISK_ROLES, form_page, post_action

LIST_LIMIT = 200


@role_required(*RISK_ROLES)
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "heat": sel.heat_map(risks=perms.risks_visible_to(user)),
        "top": sel.top_risks(user=user),
        "warnings": sel.labelled(list(sel.warning_list(user=user)[:20])),
        "incidents": list(sel.incident_list(user=user, open_only=True)[:10]),
        "overdue": sel.overdue_reviews(user=user),
        "can_raise_firm": perms.can_manage_scope(user, None),
    }
    return render(request, "risk/index.html", context)


def _register(
    request: AuthedHttpRequest, *, engagement: Engagement | None, title: str
) -> HttpResponse:
    user = request.user
    status = request.GET.get("status", RiskStatus.OPEN)
    if status not in (*RiskStatus.values, "all"):
        status = RiskStatus.OPEN
    category = request.GET.get("category") or None
    risks = sel.risk_list(
        user=user,
        engagement=engagement,
        firm_only=engagement is None,
        status=None if status == "all" else status,
        category=category,
    )
    visible = perms.risks_visible_to(user)
    scope = (
        visible.filter(engagement=engagement)
        if engagement
        else visible.filter(engagement__isnull=True)
    )
    context = {
        "engagement": engagement,
        "title": title,
        "heat": sel.heat_map(risks=scope),
        "risks": list(risks[:LIST_LIMIT]),
        "limit": LIST_LIMIT,
        "status": status,
        "statuses": RiskStatus.choices,
        "category": category,
        "categories": list(RiskCategory.objects.all()),
        "warnings": sel.labelled(list(sel.warning_list(user=user, engagement=engagement)))
        if engagement
        else [],
        "can_raise": perms.can_manage_scope(user, engagement),
        "raise_url": reverse("risk:raise") + (f"?engagement={engagement.pk}" if engagement else ""),
        "today": timezone.localdate(),
    }
    return render(request, "risk/register.html", context)


@role_required(*RISK_ROLES)
def firm_register_view(request: AuthedHttpRequest) -> HttpResponse:
    return _register(request, engagement=None, title=_("Firm-wide risk register"))


@role_required(*RISK_ROLES)
def engagement_register_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = perms.access_engagement(request.user, pk)
    return _register(request, engagement=engagement, title=_("Risk register"))


@role_required(*RISK_ROLES)
def risk_raise_view(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    engagement = None
    raw = request.GET.get("engagement")
    if raw:
        if not raw.isdecimal():
            raise Http404
        engagement = perms.access_engagement(user, int(raw))
    back = reverse("risk:engagement", args=[engagement.pk]) if engagement else reverse("risk:firm")
    form = f.RiskRaiseForm(
        request.POST if request.method == "POST" else None,
        engagement=engagement,
        initial={"owner": user.pk, "review_date": svc.default_review_date()},
    )

    def save(data: dict[str, Any]) -> Any:
        return svc.risk_raise(
            actor=user,
            engagement_id=engagement.pk if engagement else None,
            title=data["title"],
            category_id=data["category"].pk,
            method=data["method"],
            checklist_item_id=data["checklist_item"].pk if data["checklist_item"] else None,
            description=data["description"],
            cause=data["cause"],
            likelihood=data["likelihood"],
            impact=data["impact"],
            owner_id=data["owner"].pk,
            review_date=data["review_date"],
        )

    likelihood = form["likelihood"].value() or Likelihood.HIGH
    impact = form["impact"].value() or Impact.SEVERE
    return form_page(
        request,
        form=form,
        save=save,
        title=_("Raise a risk"),
        done=_("Risk raised."),
        back_url=back,
        next_url=lambda risk: risk.get_absolute_url(),
        template="risk/raise.html",
        extra={
            "engagement": engagement,
            "suggestion": _suggestion(likelihood, impact),
            "heat": sel.heat_map(risks=perms.risks_visible_to(user), engagement=engagement)
            if engagement
            else None,
        },
    )


def _suggestion(likelihood: str, impact: str) -> MatrixCell | None:
    return (
        MatrixCell.objects.select_related("level")
        .filter(likelihood=likelihood, impact=impact)
        .first()
    )


@require_GET
@role_required(*RISK_ROLES)
def suggest_view(request: AuthedHttpRequest) -> HttpResponse:
    """htmx: the level and suggested strategy of the chosen cell (RSK-2, RSK-3)."""
    cell = _suggestion(request.GET.get("likelihood", ""), request.GET.get("impact", ""))
    return render(request, "risk/_suggestion.html", {"suggestion": cell})


@role_required(*ALL_STAFF)
def risk_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    risk = sel.risk_detail(user=user, pk=pk)
    can_manage = perms.can_manage_risk(user, risk)
    context = {
        "risk": risk,
        "history": sel.risk_history(risk=risk),
        "can_manage": can_manage and risk.is_open,
        "can_review": perms.can_review_risk(user, risk) and risk.is_open,
        "strategy_form": f.StrategyForm(
            initial={"strategy": risk.strategy or risk.suggested_strategy}
        ),
        "assess_form": f.AssessForm(initial={"likelihood": risk.likelihood, "impact": risk.impact}),
        "residual_form": f.ResidualForm(
            initial={
                "residual_likelihood": risk.residual_likelihood or risk.likelihood,
                "residual_impact": risk.residual_impact or risk.impact,
            }
        ),
        "action_form": f.ActionForm(initial={"owner": risk.owner_id}),
        "review_form": f.ReviewForm(
            initial={
                "likelihood": risk.likelihood,
                "impact": risk.impact,
                "next_review_date": svc.default_review_date(),
            }
        ),
        "close_form": f.ReasonForm(),
        "today": timezone.localdate(),
        "user_id": user.pk,
    }
    return render(request, "risk/detail.html", context)


@role_required(*RISK_ROLES)
def risk_edit_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    risk = perms.access_risk(user, pk)
    form = f.RiskEditForm.for_risk(risk, request.POST if request.method == "POST" else None)

    def save(data: dict[str, Any]) -> Any:
        return svc.risk_update(
            actor=user,
            risk_id=risk.pk,
            title=data["title"],
            description=data["description"],
            cause=data["cause"],
            category_id=data["category"].pk,
            owner_id=data["owner"].pk,
            review_date=data["review_date"],
        )

    return form_page(
        request,
        form=form,
        save=save,
        title=_("Edit risk"),
        done=_("Risk saved."),
        back_url=risk.get_absolute_url(),
        next_url=lambda r: r.get_absolute_url(),
        extra={"risk": risk},
    )


@require_POST
@role_required(*ALL_STAFF)
def risk_action_view(request: AuthedHttpRequest, pk: int, action: str) -> HttpResponse:
    """The small forms of a risk's page: strategy, assess, residual, action, action-done,
    review, close. Each calls one service."""
    user = request.user
    risk = perms.access_risk(user, pk)
    back = risk.get_absolute_url()
    post = request.POST
    if action == "strategy":
        return post_action(
            request,
            form=f.StrategyForm(post),
            save=lambda d: svc.risk_choose_strategy(
                actor=user,
                risk_id=risk.pk,
                strategy=d["strategy"],
                transfer_mode=d["transfer_mode"],
                note=d["note"],
            ),
            done=_("Strategy recorded."),
            back_url=back,
        )
    if action == "assess":
        return post_action(
            request,
            form=f.AssessForm(post),
            save=lambda d: svc.risk_assess(
                actor=user,
                risk_id=risk.pk,
                likelihood=d["likelihood"],
                impact=d["impact"],
                reason=d["reason"],
            ),
            done=_("Risk reassessed."),
            back_url=back,
        )
    if action == "residual":
        return post_action(
            request,
            form=f.ResidualForm(post),
            save=lambda d: svc.risk_set_residual(actor=user, risk_id=risk.pk, **d),
            done=_("Residual risk recorded."),
            back_url=back,
        )
    if action == "action":
        return post_action(
            request,
            form=f.ActionForm(post),
            save=lambda d: svc.response_action_add(
                actor=user,
                risk_id=risk.pk,
                description=d["description"],
                owner_id=d["owner"].pk,
                due_date=d["due_date"],
            ),
            done=_("Action added."),
            back_url=back,
        )
    if action == "action-done":
        action_id = post.get("action_id", "")
        if not action_id.isdecimal() or not risk.actions.filter(pk=int(action_id)).exists():
            raise Http404
        return post_action(
            request,
            form=f.BootstrapForm(post),
            save=lambda d: svc.response_action_done(actor=user, action_id=int(action_id)),
            done=_("Action done."),
            back_url=back,
        )
    if action == "review":
        return post_action(
            request,
            form=f.ReviewForm(post),
            save=lambda d: svc.risk_review(actor=user, risk_id=risk.pk, **d),
            done=_("Review recorded."),
            back_url=back,
        )
    if action == "close":
        return post_action(
            request,
            form=f.ReasonForm(post),
            save=lambda d: svc.risk_close(actor=user, risk_id=risk.pk, reason=d["reason"]),
            done=_("Risk closed."),
            back_url=back,
        )
    raise Http404


@require_GET
@cache_control(max_age=60, private=True)
@role_required(*RISK_ROLES)
def matrix_css_view(request: AuthedHttpRequest) -> HttpResponse:
    """The matrix colours as a stylesheet: admins re-colour rows, and the strict CSP allows
    no inline styles, so the colours come from this same-origin stylesheet."""
    lines = []
    for level in RiskLevel.objects.all():
        lines.append(f".risk-level-{level.code}{{background-color:{level.colour};color:#fff}}")
    for cell in MatrixCell.objects.select_related("level"):
        lines.append(
            f".risk-cell-{cell.likelihood}-{cell.impact}"
            f"{{background-color:{cell.display_colour};color:#fff}}"
        )
    return HttpResponse("\n".join(lines), content_type="text/css; charset=utf-8")
