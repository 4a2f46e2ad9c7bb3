"""Review pages: the inbox, one version's review record sheets with findings, answers,
re-checks and the signature dialog, and the submit step (QC-1…QC-5, X-2). Every POST calls
one service and comes back to the version's page with the outcome as a message, so htmx's
boosted forms and plain forms behave the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError, ForbiddenError
from core.navigation import ALL_STAFF
from core.permissions import role_required
from core.types import AuthedHttpRequest
from quality.choices import LevelStatus, ReviewStatus
from quality.forms.reviews import (
    AnswerForm,
    DefectForm,
    FindingForm,
    RecheckForm,
    RejectForm,
    SignForm,
)
from quality.permissions.reviews import access_finding, access_level, access_version
from quality.selectors import reviews as sel
from quality.services import reviews as svc
from staff.choices import Role
from staff.services.second_factor import SecondFactorRequiredError, is_enrolled


def _page(version_id: int) -> str:
    return reverse("quality:review_version", args=[version_id])


def _act(
    request: AuthedHttpRequest,
    version_id: int,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(_page(version_id))
    try:
        action(form.cleaned_data)
    except SecondFactorRequiredError as exc:
        # The firm requires a second factor to sign: off to enrol one (SEC-8).
        messages.error(request, exc.message)
        return redirect(reverse("account_security"))
    except ForbiddenError:
        raise  # a role or place that may not act here: 403, not a redirect (SEC-1)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(_page(version_id))


@role_required(*ALL_STAFF)
def inbox_view(request: AuthedHttpRequest) -> HttpResponse:
    boxes = sel.inbox(request.user)
    return render(
        request,
        "quality/reviews/inbox.html",
        {"boxes": boxes, "sees_all": request.user.has_role(Role.QA_MANAGER, Role.ADMIN)},
    )


@role_required(*ALL_STAFF)
def version_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = access_version(request.user, pk)
    sheet = sel.version_sheet(version)
    user = request.user
    current = None
    if sheet.review and sheet.review.status == ReviewStatus.IN_REVIEW:
        current = next(
            (lv for lv in sheet.levels if lv.position == sheet.review.current_position), None
        )
    is_author = version.author_id == user.pk
    may_review = bool(
        current
        and not is_author
        and user.has_role(current.required_role)
        and current.reviewer_id in (None, user.pk)
        and not any(lv.reviewer_id == user.pk for lv in sheet.levels if lv.pk != current.pk)
    )
    # The code field only for a reviewer with an authenticator (SEC-8): one query, if any.
    enrolled = may_review and is_enrolled(user)
    context = {
        "version": version,
        "document": version.document,
        "engagement": version.document.engagement,
        "sheet": sheet,
        "current": current,
        "is_author": is_author,
        "may_review": may_review,
        "can_submit": sheet.review is None
        and version.document.is_deliverable
        and version.document.current_version_id == version.pk,
        "versions": sel.document_versions(version),
        "passed": sheet.review is not None and sheet.review.status == ReviewStatus.PASSED,
        "finding_form": FindingForm(),
        "answer_form": AnswerForm(),
        "recheck_form": RecheckForm(),
        "sign_form": SignForm(second_factor=enrolled),
        "reject_form": RejectForm(second_factor=enrolled),
        "defect_form": DefectForm(),
        "can_report_defect": user.has_role(Role.QA_MANAGER, Role.ADMIN, Role.PROJECT_MANAGER)
        and any(lv.status == LevelStatus.SIGNED for lv in sheet.levels),
        "LevelStatus": LevelStatus,
    }
    return render(request, "quality/reviews/version.html", context)


@require_POST
@role_required(*ALL_STAFF)
def submit_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = access_version(request.user, pk)
    return _act(
        request,
        pk,
        forms.Form(request.POST),
        lambda d: svc.review_submit(actor=request.user, version=version),
        _("Submitted for review."),
    )


@require_POST
@role_required(*ALL_STAFF)
def finding_add_view(request: AuthedHttpRequest, level_pk: int) -> HttpResponse:
    level = access_level(request.user, level_pk)
    return _act(
        request,
        level.review.version_id,
        FindingForm(request.POST),
        lambda d: svc.finding_raise(actor=request.user, level_id=level.pk, **d),
        _("Finding recorded."),
    )


@require_POST
@role_required(*ALL_STAFF)
def level_return_view(request: AuthedHttpRequest, level_pk: int) -> HttpResponse:
    level = access_level(request.user, level_pk)
    return _act(
        request,
        level.review.version_id,
        forms.Form(request.POST),
        lambda d: svc.level_return(actor=request.user, level_id=level.pk),
        _("Returned to the author."),
    )


@require_POST
@role_required(*ALL_STAFF)
def finding_answer_view(request: AuthedHttpRequest, finding_pk: int) -> HttpResponse:
    finding = access_finding(request.user, finding_pk)
    return _act(
        request,
        finding.level_review.review.version_id,
        AnswerForm(request.POST),
        lambda d: svc.finding_answer(actor=request.user, finding_id=finding.pk, **d),
        _("Answer recorded."),
    )


@require_POST
@role_required(*ALL_STAFF)
def finding_recheck_view(request: AuthedHttpRequest, finding_pk: int) -> HttpResponse:
    finding = access_finding(request.user, finding_pk)
    return _act(
        request,
        finding.level_review.review.version_id,
        RecheckForm(request.POST),
        lambda d: svc.finding_recheck(actor=request.user, finding_id=finding.pk, **d),
        _("Re-check recorded."),
    )


@require_POST
@role_required(*ALL_STAFF)
def level_sign_view(request: AuthedHttpRequest, level_pk: int) -> HttpResponse:
    level = access_level(request.user, level_pk)
    return _act(
        request,
        level.review.version_id,
        SignForm(request.POST),
        lambda d: svc.review_sign(
            actor=request.user,
            level_id=level.pk,
            password=d["password"],
            otp=d.get("otp", ""),
            request=request,
        ),
        _("Signed."),
    )


@require_POST
@role_required(*ALL_STAFF)
def level_reject_view(request: AuthedHttpRequest, level_pk: int) -> HttpResponse:
    level = access_level(request.user, level_pk)
    return _act(
        request,
        level.review.version_id,
        RejectForm(request.POST),
        lambda d: svc.review_reject(
            actor=request.user,
            level_id=level.pk,
            reason=d["reason"],
            password=d["password"],
            otp=d.get("otp", ""),
            request=request,
        ),
        _("The version was rejected."),
    )


@require_POST
@role_required(Role.QA_MANAGER, Role.ADMIN, Role.PROJECT_MANAGER)
def defect_report_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    version = access_version(request.user, pk)
    return _act(
        request,
        pk,
        DefectForm(request.POST),
        lambda d: svc.defect_report(actor=request.user, version=version, **d),
        _("Defect recorded and traced to the signers."),
    )
