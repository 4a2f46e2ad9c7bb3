"""The "Reports" page: request a report, watch its progress (htmx polling), download it.
Files leave only through ``download``, which authorises again and logs (SEC-5, DOC-3)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.navigation import ROLES_FOR
from core.permissions import role_required
from core.reports import permissions as perms
from core.reports import selectors, services
from core.reports.forms import ReportRequestForm
from core.types import AuthedHttpRequest
from documents.models import DownloadLog
from documents.services.documents import download_record
from documents.services.uploads import download_response
from documents.views import client_ip
from quality.selectors.improvement import quarter_bounds

STAFF = ROLES_FOR["reports"]


def quarters(count: int = 8) -> list[tuple[str, str, str]]:
    """The last ``count`` quarters as (start, end, label), newest first."""
    out = []
    start, end = quarter_bounds(timezone.localdate())
    for _i in range(count):
        out.append(
            (start.isoformat(), end.isoformat(), f"{start.year} Q{(start.month - 1) // 3 + 1}")
        )
        start, end = quarter_bounds(date.fromordinal(start.toordinal() - 1))
    return out


@role_required(*STAFF)
def index(request: AuthedHttpRequest) -> HttpResponse:
    kinds = perms.kinds_for(request.user)
    start, end = quarter_bounds(timezone.localdate())
    initial = {"start": start, "end": end, "year": timezone.localdate().year - 1}
    initial.update({k: v for k, v in request.GET.items() if k in ("kind", "object_id")})
    form = ReportRequestForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_request(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                params=form.params(),
                language=translation.get_language() or "",
            )
        except ApplicationError as exc:
            if exc.status_code == 404:
                raise Http404(exc.message) from exc
            form.add_error(None, exc.message)
            for field, errors in exc.extra.items():
                if field in form.fields:
                    form.add_error(field, [str(e) for e in errors])
        else:
            messages.success(request, _("Report requested; it appears below when ready."))
            return redirect("reports:index")
    return render(
        request,
        "reports/index.html",
        {"form": form, "jobs": selectors.job_list(user=request.user), "quarters": quarters()},
    )


@role_required(*STAFF)
@require_POST
def request_report(request: AuthedHttpRequest) -> HttpResponse:
    """The "PDF" buttons on other pages (version, audit, acceptance, risk register, appraisal)."""
    kinds = perms.kinds_for(request.user)
    form = ReportRequestForm(request.POST, kinds=kinds)
    if not form.is_valid():
        raise Http404
    services.report_request(
        actor=request.user,
        kind=form.cleaned_data["kind"],
        params=form.params(),
        language=translation.get_language() or "",
    )
    messages.success(request, _("Report requested; it appears below when ready."))
    return redirect("reports:index")


@role_required(*STAFF)
def job_status(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """One job's row; polled by htmx until the job is finished."""
    job = perms.access_job(request.user, pk)
    return render(request, "reports/_job.html", {"job": job})


@login_required
def download(request: AuthedHttpRequest, pk: int) -> HttpResponseBase:
    """The report's bytes: the requester's own job, the subject authorised again, logged."""
    if not request.user.has_role(*STAFF):
        raise Http404
    job = perms.access_job(request.user, pk)
    if job.version is None:
        raise Http404
    perms.authorise_download(request.user, job)
    try:
        handle = job.version.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    download_record(
        user=request.user,
        version=job.version,
        channel=DownloadLog.Channel.WEB,
        ip_address=client_ip(request),
    )
    return download_response(handle, job.version.original_name, job.version.content_type)
