"""Engagement pages: the list, intake of a lead, and the engagement page where every
lifecycle step is taken (each POST calls one service; a refusal re-renders the page with
the user's input and the translated reason, nothing saved)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clients.permissions import visible_to as clients_visible_to
from core.exceptions import ApplicationError
from core.keyset import keyset_page
from core.navigation import ROLES_FOR
from core.permissions import role_required
from core.types import AuthedHttpRequest
from engagements import forms
from engagements.choices import MAIN_LINE, Stage, allowed_targets
from engagements.filters import EngagementFilter
from engagements.models import Engagement
from engagements.selectors import (
    engagement_board,
    engagement_detail,
    engagement_list,
    quotation_versions,
    timeline,
)
from engagements.selectors.kpis import engagement_kpis
from engagements.services import lifecycle as svc
from staff.choices import Role

STAFF = ROLES_FOR["engagements"]


LIST_SORTS = {"newest": "-id", "oldest": "id", "code": "code", "-code": "-code"}


@role_required(*STAFF)
def engagement_list_view(request: AuthedHttpRequest) -> HttpResponse:
    filterset = EngagementFilter(request.GET, queryset=engagement_list(user=request.user))
    page = keyset_page(
        filterset.qs,
        sort=request.GET.get("sort", "newest"),
        allowed=LIST_SORTS,
        after=request.GET.get("after"),
        size=25,
    )
    can_intake = request.user.has_role(Role.PROJECT_MANAGER, Role.ADMIN)
    context = {"filter": filterset, "page": page, "can_intake": can_intake}
    return render(request, "engagements/list.html", context)


@role_required(*STAFF)
def engagement_board_view(request: AuthedHttpRequest) -> HttpResponse:
    columns = engagement_board(user=request.user, per_stage=12)
    return render(request, "engagements/board.html", {"columns": columns})


@role_required(Role.PROJECT_MANAGER, Role.ADMIN)
def engagement_intake_view(request: AuthedHttpRequest) -> HttpResponse:
    clients = clients_visible_to(request.user).order_by("name")
    form = forms.IntakeForm(request.POST or None, clients=clients)
    if request.method == "POST" and form.is_valid():
        try:
            engagement = svc.engagement_intake(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Lead %(code)s recorded.") % {"code": engagement.code})
            return redirect(engagement)
    return render(
        request, "engagements/intake.html", {"form": form}, status=400 if form.errors else 200
    )


def _forms(engagement: Engagement, bound: dict[str, Any]) -> dict[str, Any]:
    def one(name: str, factory: Callable[[], Any]) -> Any:
        return bound.get(name) or factory()

    return {
        "requirements_form": one(
            "requirements_form",
            lambda: forms.RequirementsForm(instance=getattr(engagement, "requirements", None)),
        ),
        "feasibility_form": one(
            "feasibility_form",
            lambda: forms.FeasibilityForm(instance=getattr(engagement, "feasibility", None)),
        ),
        "conclude_form": one("conclude_form", forms.ConcludeForm),
        "quotation_form": one("quotation_form", forms.QuotationForm),
        "line_formset": one("line_formset", lambda: forms.LineFormSet(prefix="lines")),
        "proposal_form": one(
            "proposal_form",
            lambda: forms.ProposalForm(instance=getattr(engagement, "proposal", None)),
        ),
        "review_form": one("review_form", forms.ReviewForm),
        "contract_form": one(
            "contract_form",
            lambda: forms.ContractForm(instance=getattr(engagement, "contract", None)),
        ),
        "legal_form": one("legal_form", forms.LegalReviewForm),
        "sign_form": one("sign_form", forms.SignoffForm),
        "copy_form": one("copy_form", forms.CopyForm),
        "transition_form": one("transition_form", forms.TransitionForm),
        "budget_form": one(
            "budget_form", lambda: forms.BudgetForm(initial={"budget": engagement.budget})
        ),
    }


def _render(
    request: AuthedHttpRequest,
    engagement: Engagement,
    *,
    tab: str = "overview",
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    manages = engagement.project_manager_id == user.pk or user.has_role(Role.ADMIN)
    targets = allowed_targets(engagement.stage)
    context = {
        "engagement": engagement,
        "tab": tab,
        "main_line": [(s.value, s.label, MAIN_LINE.index(s)) for s in MAIN_LINE],
        "stage_index": MAIN_LINE.index(Stage(engagement.stage))
        if engagement.stage in MAIN_LINE
        else -1,
        "next_stage": svc.next_stage(engagement) if manages else None,
        "can_manage": manages,
        "side_targets": [
            Stage(t) for t in targets if t in (Stage.ON_HOLD, Stage.CANCELLED, Stage.DECLINED)
        ]
        if manages
        else [],
        "can_resume": manages and engagement.stage == Stage.ON_HOLD,
        "can_review_proposal": user.has_role(*svc.REVIEWER_ROLES)
        and engagement.project_manager_id != user.pk,
        "can_legal_review": user.has_role(Role.LEGAL_REVIEWER),
        "can_sign": user.has_perm("engagements.sign_contract"),
        "quotations": quotation_versions(engagement=engagement),
        "reviews": engagement.reviews.select_related("reviewer").order_by("-at", "-id"),
        "copies": engagement.contract.copies.all() if hasattr(engagement, "contract") else [],
        "timeline": timeline(engagement=engagement),
        "kpis": engagement_kpis(engagement=engagement) if tab == "overview" else None,
        "members": engagement.members.all(),
        **_forms(engagement, bound or {}),
    }
    return render(request, "engagements/detail.html", context, status=status)


@role_required(*STAFF)
def engagement_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = engagement_detail(user=request.user, pk=pk)
    return _render(request, engagement, tab=request.GET.get("tab", "overview"))


def _step(
    request: AuthedHttpRequest,
    pk: int,
    *,
    tab: str,
    form_name: str,
    form: Any,
    run: Callable[[Engagement, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Validate ``form``, run the service; on refusal show the page again with the input."""
    engagement = engagement_detail(user=request.user, pk=pk)
    if form.is_valid():
        try:
            run(engagement, form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return _render(
                request, engagement, tab=tab, bound={form_name: form}, status=exc.status_code
            )
        messages.success(request, done)
        return redirect(reverse("engagements:detail", args=[pk]) + f"?tab={tab}")
    return _render(request, engagement, tab=tab, bound={form_name: form}, status=400)


@require_POST
@role_required(*STAFF)
def transition_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        tab="overview",
        form_name="transition_form",
        form=forms.TransitionForm(request.POST),
        run=lambda e, d: svc.engagement_transition(actor=request.user, engagement=e, **d),
        done=_("The engagement moved on."),
    )


@require_POST
@role_required(*STAFF)
def resume_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        tab="overview",
        form_name="transition_form",
        form=forms.ReasonForm(request.POST),
        run=lambda e, d: svc.engagement_resume(
            actor=request.user, engagement=e, reason=d["reason"]
        ),
        done=_("The engagement resumed."),
    )


@require_POST
@role_required(*STAFF)
def answer_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        tab="overview",
        form_name="",
        form=forms.EmptyForm(request.POST),
        run=lambda e, d: svc.engagement_answer_enquiry(actor=request.user, engagement=e),
        done=_("The enquiry is marked as answered."),
    )


@require_POST
@role_required(*STAFF)
def requirements_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        tab="requirements",
        form_name="requirements_form",
        form=forms.RequirementsForm(request.POST),
        run=lambda e, d: svc.requirements_save(actor=request.user, engagement=e, **d),
        done=_("Requirements saved."),
    )


@require_POST
@role_required(*STAFF)
def feasibility_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        tab="requirements",
        form_name="feasibility_form",
        form=forms.FeasibilityForm(request.POST),
        run=lambda e, d: svc.feasibility_save(actor=request.user, engagement=e, **d),
        done=_("Feasibility assessment saved."),
    )


@require_POST
@role_required(*STAFF)
def conclude_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        tab="requirements",
        form_name="conclude_form",
        form=forms.ConcludeForm(request.POST),
        run=lambda e, d: svc.feasibility_conclude(actor=request.user, engagement=e, **d),
        done=_("Feasibility concluded."),
    )


@require_POST
@role_required(*STAFF)
def quotation_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    engagement = engagement_detail(user=request.user, pk=pk)
    form = forms.QuotationForm(request.POST)
    lines = forms.LineFormSet(request.POST, prefix="lines")
    status = 400
    if form.is_valid() and lines.is_valid():
        rows = [f.cleaned_data for f in lines.forms if f.cleaned_data]
        try:
            svc.quotation_create(
                actor=request.user, engagement=engagement, lines=rows, **form.cleaned_data
            )
        except ApplicationError as exc:
            # A refusal keeps its own status: 403 for a role that may not quote (SEC-1).
            messages.error(request, exc.message)
            status = exc.status_code
        else:
            messages.success(request, _("New quotation version saved."))
            return redirect(reverse("engagements:detail", args=[pk]) + "?tab=quotations")
    return _render(
        request,
        engagement,
        tab="quotations",
        bound={"quotation_form": form, "line_formset": lines},
        status=status,
    )


@require_POST
@role_required(*STAFF)
def proposal_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        tab="proposal",
        form_name="proposal_form",
        form=forms.ProposalForm(request.POST),
        run=lambda e, d: svc.proposal_save(actor=request.user, engagement=e, **d),
        done=_("Proposal saved."),
    )


@require_POST
@role_required(*STAFF)
def proposal_review_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        tab="proposal",
        form_name="review_form",
        form=forms.ReviewForm(request.POST),
        run=lambda e, d: svc.proposal_review(actor=request.user, engagement=e, **d),
        done=_("Your review is signed and recorded."),
    )


@require_POST
@role_required(*STAFF)
def proposal_send_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        tab="proposal",
        form_name="",
        form=forms.EmptyForm(request.POST),
        run=lambda e, d: svc.proposal_send(actor=request.user, engagement=e),
        done=_("The proposal is marked as sent to the client."),
    )


@require_POST
@role_required(*STAFF)
def contract_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        tab="contract",
        form_name="contract_form",
        form=forms.ContractForm(request.POST),
        run=lambda e, d: svc.contract_save(actor=request.user, engagement=e, **d),
        done=_("Contract terms saved."),
    )


@require_POST
@role_required(*STAFF)
def legal_review_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    def run(e: Engagement, d: dict[str, Any]) -> Any:
        checklist = {key: d.pop(key) for key in svc.LEGAL_CHECKLIST}
        return svc.contract_legal_review(actor=request.user, engagement=e, checklist=checklist, **d)

    return _step(
        request,
        pk,
        tab="contract",
        form_name="legal_form",
        form=forms.LegalReviewForm(request.POST),
        run=run,
        done=_("Your legal review is signed and recorded."),
    )


@require_POST
@role_required(*STAFF)
def contract_sign_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        tab="contract",
        form_name="sign_form",
        form=forms.SignoffForm(request.POST),
        run=lambda e, d: svc.contract_sign(actor=request.user, engagement=e, **d),
        done=_("The contract is signed."),
    )


@require_POST
@role_required(*STAFF)
def contract_copy_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        tab="contract",
        form_name="copy_form",
        form=forms.CopyForm(request.POST),
        run=lambda e, d: svc.contract_distribute(actor=request.user, engagement=e, **d),
        done=_("Distribution recorded."),
    )


@require_POST
@role_required(*STAFF)
def budget_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        tab="overview",
        form_name="budget_form",
        form=forms.BudgetForm(request.POST),
        run=lambda e, d: svc.engagement_set_budget(actor=request.user, engagement=e, **d),
        done=_("Budget saved."),
    )
