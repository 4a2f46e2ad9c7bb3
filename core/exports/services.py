"""Running exports: small ones stream in the request, large ones become an :class:`ExportJob`
that a Celery worker writes to storage with progress (P9)."""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import ForbiddenError, NotFoundError
from core.exports import ExportSpec, get_spec
from core.exports.writers import write_csv, write_xlsx
from core.models.exports import ExportFormat, ExportJob, ExportStatus, export_settings
from core.tasking import publish_on_commit
from staff.models import User

logger = logging.getLogger("engageqc.exports")

# Filters that only move through the page, never change which rows are exported.
PAGING_PARAMS = ("page", "after", "format", "file_format")


def export_params(params: QueryDict) -> QueryDict:
    cleaned = params.copy()
    for name in PAGING_PARAMS:
        cleaned.pop(name, None)
    return cleaned


def spec_for(user: User, key: str) -> ExportSpec:
    """The list's export spec if this user may open the list (404 unknown, 403 wrong role)."""
    spec = get_spec(key)
    if spec is None:
        raise NotFoundError(_("No such list."))
    if not spec.allowed(user):
        raise ForbiddenError(_("You may not export this list."))
    return spec


def rows_at_least(spec: ExportSpec, user: User, params: QueryDict, limit: int) -> int:
    """How many rows, counted up to ``limit + 1`` only (no unbounded COUNT, P2)."""
    return spec.queryset(user, params).order_by()[: limit + 1].count()


@transaction.atomic
def export_job_start(
    *, actor: User, spec: ExportSpec, params: QueryDict, file_format: str, total: int
) -> ExportJob:
    job = ExportJob.objects.create(
        requested_by=actor,
        list_key=spec.key,
        params=export_params(params).urlencode(),
        file_format=file_format,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        total=total,
    )
    from core.tasks import export_run

    publish_on_commit(export_run, str(job.pk))
    return job


def export_job_run(*, job_id: str) -> ExportJob | None:
    """Write the job's file. Safe to run twice: a finished job is left alone."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (ExportStatus.DONE, ExportStatus.FAILED):
            return job
        job.status = ExportStatus.RUNNING
        job.save(update_fields=["status"])
    spec = get_spec(job.list_key)
    user = job.requested_by
    if spec is None or not spec.allowed(user):
        return _fail(job, _("You may not export this list."))

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done=done)

    with translation.override(job.language), tempfile.TemporaryDirectory() as tmp:
        params = QueryDict(job.params)
        qs = spec.queryset(user, params)
        path = Path(tmp) / f"{spec.key}.{job.file_format}"
        writer: Any = write_xlsx if job.file_format == ExportFormat.XLSX else write_csv
        kwargs = {"sheet": str(spec.title)} if job.file_format == ExportFormat.XLSX else {}
        try:
            done = writer(path, spec.headers(), spec.iter_rows(qs), progress=progress, **kwargs)
        except Exception as exc:  # any failure must reach the user as a failed job
            logger.exception("Export %s failed", job.pk)
            return _fail(job, str(exc)[:500])
        with path.open("rb") as fh:
            job.result.save(download_name(spec, job.file_format), File(fh), save=False)
    job.done = done
    job.total = done
    job.status = ExportStatus.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["result", "done", "total", "status", "finished_at"])
    return job


def _fail(job: ExportJob, message: str) -> ExportJob:
    job.status = ExportStatus.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    return job


def download_name(spec: ExportSpec, file_format: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{spec.filename or spec.key}-{stamp}.{file_format}"


def export_jobs_purge() -> int:
    """Delete finished jobs (and their files) older than the firm's ``keep_days``."""
    cutoff = timezone.now() - timedelta(days=export_settings().keep_days)
    removed = 0
    for job in ExportJob.objects.filter(finished_at__lt=cutoff).iterator():
        if job.result:
            job.result.delete(save=False)
        job.delete()
        removed += 1
    return removed


def access_job(user: User, job_id: Any) -> ExportJob:
    """The user's own job; anyone else's (or a missing one) is 404."""
    try:
        return ExportJob.objects.get(pk=job_id, requested_by=user)
    except (ExportJob.DoesNotExist, DjangoValidationError) as exc:  # or a malformed UUID
        raise NotFoundError(_("No such export.")) from exc
