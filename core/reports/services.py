"""Writes of the reports app: request a report, render it (in the worker), fail it.

``report_request`` authorises the requester for the report's subject (404 otherwise), stores
the job and publishes the render on the ``reports`` queue after commit. ``report_render``
gathers the data and renders under the requester's language (X-4) outside any transaction,
then stores the PDF as a document version with its SHA-256 (DOC-2) and marks the job done.
Rendering twice is harmless: a finished job is left alone.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, ConflictError
from core.reports.choices import TRANSITIONS, JobStatus
from core.reports.kinds import spec_for
from core.reports.models import ReportJob, report_settings
from core.tasking import publish_on_commit
from staff.models import User

if TYPE_CHECKING:
    from core.reports.rendering import RenderResult

logger = logging.getLogger("engageqc.reports")

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _language(value: str | None, actor: User) -> str:
    language = value or getattr(actor, "language", "") or translation.get_language() or ""
    language = language.lower()
    if language not in LANGUAGES:
        language = settings.LANGUAGE_CODE
    return language


@transaction.atomic
def report_request(
    *, actor: User, kind: str, params: dict[str, Any] | None = None, language: str = ""
) -> ReportJob:
    """Queue one report for ``actor``; the subject is checked against what ``actor`` may see."""
    spec = spec_for(kind)
    subject = spec.authorise(actor, dict(params or {}))
    job = ReportJob.objects.create(
        kind=spec.kind,
        params=subject.params,
        language=_language(language, actor),
        subject=subject.label[:300],
        requested_by=actor,
        requested_at=timezone.now().replace(microsecond=0),
    )
    from core.reports.tasks import render_report

    publish_on_commit(render_report, job.pk)
    return job


def _move(job: ReportJob, status: str, **fields: Any) -> ReportJob:
    if status not in TRANSITIONS[job.status]:
        raise ConflictError(
            _("The report cannot go from %(old)s to %(new)s.") % {"old": job.status, "new": status}
        )
    job.status = status
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["status", *fields])
    return job


def _set_progress(job_id: int, percent: int) -> None:
    # Progress is not history-worthy: a plain update, read by the polling page.
    ReportJob.objects.filter(pk=job_id).update(progress=percent)


def report_context(job: ReportJob) -> dict[str, Any]:
    """The template context of ``job``: its metadata and the kind's data (call it under the
    job's language)."""
    from core.reports.rendering import pdf_date

    spec = spec_for(job.kind)
    generated_at = job.requested_at
    local = timezone.localtime(generated_at)
    settings_row = report_settings()
    meta = {
        "title": spec.title(),
        "subject": job.subject,
        "period": spec.period(job.params),
        "firm": settings_row.firm_for(job.language),
        "language": job.language,
        "requested_by": str(job.requested_by),
        "generated_at_w3c": pdf_date(generated_at),
        "generated_at_display": local.strftime("%Y-%m-%d %H:%M %Z"),
    }
    return {"meta": meta, **spec.gather(job.params, job.requested_by, settings_row)}


def render_job_pdf(job: ReportJob) -> RenderResult:
    """Gather and render ``job`` under its language; the same job gives the same bytes."""
    # WeasyPrint (Pango, fonts) loads only where a report is rendered, not at worker start.
    from core.reports.rendering import Part, html_parts_to_pdf, render_html

    spec = spec_for(job.kind)
    with translation.override(job.language):
        context = report_context(job)
        parts = [
            Part(render_html(part.template, part.context), part.outline_depth)
            for part in spec.parts(context)
        ]
    return html_parts_to_pdf(parts)


def _filename(job: ReportJob) -> str:
    stem = re.sub(r"[^\w.-]+", "-", f"{job.kind}-{job.subject}", flags=re.UNICODE).strip("-")
    return f"{stem[:80] or job.kind}-{job.pk}.pdf"


def report_render(*, job_id: int) -> ReportJob | None:
    """Render a queued (or failed, or interrupted) job; a done job or a missing one is left."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status == JobStatus.DONE:
            return job
        _move(
            job,
            JobStatus.RUNNING,
            started_at=timezone.now(),
            attempts=job.attempts + 1,
            progress=5,
            error="",
        )
    # External work (PDF rendering, storage) happens outside the transaction.
    spec = spec_for(job.kind)
    try:
        _set_progress(job.pk, 20)
        result = render_job_pdf(job)
        _set_progress(job.pk, 90)
    except Exception as exc:
        logger.exception("Report job %s failed", job.pk)
        return report_fail(job_id=job.pk, error=f"{type(exc).__name__}: {exc}")
    return _store(job, spec, result)


@transaction.atomic
def _store(job: ReportJob, spec: Any, result: RenderResult) -> ReportJob:
    from documents.services.generated import document_store_generated
    from engagements.models import Engagement

    job = ReportJob.objects.select_for_update().select_related("requested_by").get(pk=job.pk)
    if job.status == JobStatus.DONE:
        return job
    subject = None
    with translation.override(job.language):
        title = f"{spec.title()} · {job.subject}"
        try:
            subject = spec.authorise(job.requested_by, job.params)
        except ApplicationError:
            subject = None  # access lost meanwhile: store the file, downloads re-check anyway
    engagement = None
    if subject is not None and subject.engagement_id:
        engagement = Engagement.objects.filter(pk=subject.engagement_id).first()
    version = document_store_generated(
        actor=job.requested_by,
        engagement=engagement,
        title=title,
        filename=_filename(job),
        content=result.pdf,
        confidentiality=spec.confidentiality,
        change_note=str(_("Generated report #%(id)s") % {"id": job.pk}),
    )
    return _move(
        job,
        JobStatus.DONE,
        version=version,
        document=version.document,
        sha256=hashlib.sha256(result.pdf).hexdigest(),
        pages=result.pages,
        progress=100,
        finished_at=timezone.now(),
    )


@transaction.atomic
def report_fail(*, job_id: int, error: str) -> ReportJob | None:
    job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
        return job
    return _move(job, JobStatus.FAILED, error=error[:2000], finished_at=timezone.now())


def stale_job_ids(*, older_than: datetime) -> list[int]:
    """Queued jobs whose publish was lost (broker down), for the sweep."""
    return list(
        ReportJob.objects.filter(status=JobStatus.QUEUED, requested_at__lt=older_than)
        .order_by("requested_at")
        .values_list("pk", flat=True)[:50]
    )
