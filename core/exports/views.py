"""Export pages: the download itself (streamed, or a background job past the threshold) and
the job's progress page and file, which only its requester can open."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from core.exports import ExportSpec
from core.exports import services as svc
from core.exports.writers import csv_lines
from core.models.exports import ExportFormat, ExportStatus, export_settings
from core.types import AuthedHttpRequest
from staff.models import User


def stream_export(
    spec: ExportSpec, user: User, params: object, file_format: str
) -> HttpResponseBase:
    """The export as a response: CSV streamed from the cursor, XLSX from a constant-memory
    temporary file (removed as soon as it is opened)."""
    qs = spec.queryset(user, params)  # type: ignore[arg-type]
    name = svc.download_name(spec, file_format)
    if file_format == ExportFormat.CSV:
        response = StreamingHttpResponse(
            csv_lines(spec.headers(), spec.iter_rows(qs)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    import tempfile
    from pathlib import Path

    from core.exports.writers import write_xlsx

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        write_xlsx(path, spec.headers(), spec.iter_rows(qs), sheet=str(spec.title))
        handle = path.open("rb")  # stays readable after the directory is removed (POSIX)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def export_view(request: AuthedHttpRequest, key: str, file_format: str) -> HttpResponseBase:
    if file_format not in ExportFormat.values:
        raise Http404
    spec = svc.spec_for(request.user, key)
    params = svc.export_params(request.GET)
    threshold = export_settings().async_threshold
    count = svc.rows_at_least(spec, request.user, params, threshold)
    if count <= threshold:
        return stream_export(spec, request.user, params, file_format)
    job = svc.export_job_start(
        actor=request.user, spec=spec, params=params, file_format=file_format, total=count
    )
    return redirect("exports:job", pk=job.pk)


@login_required
def job_view(request: AuthedHttpRequest, pk: str) -> HttpResponse:
    job = svc.access_job(request.user, pk)
    spec = svc.get_spec(job.list_key)
    context = {"job": job, "title": spec.title if spec else job.list_key}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "core/exports/job.html#progress", context)
    return render(request, "core/exports/job.html", context)


@login_required
def job_file_view(request: AuthedHttpRequest, pk: str) -> HttpResponseBase:
    job = svc.access_job(request.user, pk)
    if job.status != ExportStatus.DONE or not job.result:
        raise Http404
    return FileResponse(
        job.result.open("rb"),
        as_attachment=True,
        filename=(job.result.name or "export").rsplit("/", 1)[-1],
    )
