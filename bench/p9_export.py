"""P9 — CSV/XLSX export of 100k rows (PERFORMANCE.md).

On the generate_scale_data engagements (100k; 10k in quick mode), each export runs in its own
child process so its peak RSS is the export's alone:
- CSV through the page view (capped count, then StreamingHttpResponse over
  ``values_list().iterator()``), consuming every chunk;
- XLSX through the page view (XlsxWriter constant_memory to a temporary file);
- the background path: past the threshold the view answers with a job, and the job — run as
  the worker runs it — writes the file with progress updates.
The baseline, in the same run, is PostgreSQL's own ``COPY (same SELECT) TO STDOUT CSV``: the
physical floor of reading and formatting those rows. A second baseline is XlsxWriter alone
(constant_memory, public per-cell calls) writing the same rows from memory: the ceiling for
an XLSX export built on XlsxWriter here. Peak RSS is each child's own ``VmHWM``; rows per
CPU-second are reported beside the wall-clock rates because the machine is shared.
Targets: ≥ 20k rows/s; RSS ≤ 150 MB; > 10k rows run in Celery with progress.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import harness

ROOT = Path(__file__).resolve().parent.parent


def _xlsxwriter_alone() -> dict[str, Any]:
    """Baseline: XlsxWriter by itself (constant_memory, its public per-cell calls) writing
    the very rows the export writes, already fetched and converted in memory — the ceiling
    for any export built on XlsxWriter on this machine."""
    import tempfile
    from datetime import datetime
    from decimal import Decimal

    import django

    django.setup()
    import xlsxwriter
    from django.http import QueryDict

    from core.exports import get_spec
    from staff.models import User

    spec = get_spec("engagements")
    assert spec is not None
    user = User.objects.get(username="p9_admin")
    rows = list(spec.iter_rows(spec.queryset(user, QueryDict())))
    with tempfile.TemporaryDirectory() as tmp:
        started, cpu = time.perf_counter(), time.process_time()
        workbook = xlsxwriter.Workbook(
            f"{tmp}/alone.xlsx", {"constant_memory": True, "tmpdir": tmp}
        )
        ws = workbook.add_worksheet("Export")
        moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        for col, header in enumerate(spec.headers()):
            ws.write_string(0, col, header)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                elif isinstance(value, datetime):
                    ws.write_datetime(r, c, value, moment)
                elif isinstance(value, int | float | Decimal):
                    ws.write_number(r, c, float(value))
        workbook.close()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"mode": "xlsx_alone", "rows": len(rows), "seconds": seconds, "cpu_seconds": cpu}


def _child(mode: str, threshold: int) -> dict[str, Any]:
    """Run one export in this (child) process; print rows, seconds and peak RSS as JSON."""
    if mode == "xlsx_alone":
        return _xlsxwriter_alone()
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.test import RequestFactory

    from core.exports.services import export_job_run
    from core.exports.views import export_view
    from core.models import ExportJob, ExportSettings
    from staff.choices import Role
    from staff.models import User

    user, _ = User.objects.get_or_create(username="p9_admin", defaults={"display_name": "P9"})
    user.groups.add(Group.objects.get_or_create(name=Role.ADMIN)[0])
    user = User.objects.get(pk=user.pk)
    settings_row, _ = ExportSettings.objects.get_or_create(pk=1)
    threshold = threshold if mode == "job" else 10_000_000
    if settings_row.async_threshold != threshold:
        settings_row.async_threshold = threshold
        settings_row.save(update_fields=["async_threshold"])
    fmt = "xlsx" if mode in ("xlsx", "job") else "csv"
    rss_before_mb = harness.peak_rss_mb()
    request = RequestFactory().get(f"/exports/engagements.{fmt}")
    request.user = user
    request.htmx = False  # type: ignore[attr-defined]
    started, cpu = time.perf_counter(), time.process_time()
    response: Any = export_view(request, key="engagements", file_format=fmt)  # type: ignore[arg-type]
    size = 0
    rows = 0
    progress_updates = 0
    if mode == "job":
        import threading

        from django.db import connection

        job = ExportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
        result: dict[str, Any] = {}

        def work() -> None:
            result["job"] = export_job_run(job_id=str(job.pk))
            connection.close()

        worker = threading.Thread(target=work)
        worker.start()
        seen: set[int] = set()
        while worker.is_alive():  # what the progress page's polling sees
            seen.add(ExportJob.objects.values_list("done", flat=True).get(pk=job.pk))
            time.sleep(0.05)
        worker.join()
        done_job = result["job"]
        progress_updates = len(seen - {0})
        rows = done_job.done
        size = done_job.result.size
        done_job.result.delete(save=False)
    else:
        for chunk in response.streaming_content:
            size += len(chunk)
        if fmt == "csv":
            rows = -1  # counted by the parent from the row count of the query
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss_mb = harness.peak_rss_mb()
    return {
        "mode": mode,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "bytes": size,
        "rows": rows,
        "rss_mb": round(rss_mb, 1),
        "rss_before_mb": round(rss_before_mb, 1),
        "progress_updates": progress_updates,
        "status": response.status_code,
    }


def _spawn(mode: str, threshold: int = 10_000) -> dict[str, Any]:
    env = {**os.environ}
    out = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "bench.p9_export", mode, str(threshold)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _copy_floor() -> tuple[int, float]:
    """PostgreSQL's COPY of the same columns and joins: rows and seconds."""
    from django.db import connection

    sql = """
        COPY (SELECT e.code, e.title, c.name, e.service_type, e.stage,
                     COALESCE(NULLIF(u.display_name, ''), u.username), e.is_major, e.budget,
                     e.created_at
              FROM engagements_engagement e
              JOIN clients_client c ON c.id = e.client_id
              LEFT JOIN staff_user u ON u.id = e.project_manager_id
              ORDER BY e.id DESC) TO STDOUT WITH CSV HEADER
    """
    rows = 0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor
        with raw.copy(sql) as copy:
            for data in copy:
                rows += bytes(data).count(b"\n")
    return rows - 1, time.perf_counter() - started


def run(*, quick: bool) -> dict[str, Any]:
    from django.core.management import call_command

    from engagements.models import Engagement

    call_command("generate_scale_data", scale=0.1 if quick else 1.0, force=True, verbosity=0)
    total = Engagement.objects.count()
    floor_rows, floor_seconds = _copy_floor()
    csv_run = _spawn("csv")
    xlsx_run = _spawn("xlsx")
    # The firm's default threshold is 10k rows; quick mode has only 10k, so it halves it.
    threshold = 10_000 if total > 10_000 else total // 2
    job_run = _spawn("job", threshold)
    alone_run = _spawn("xlsx_alone")
    csv_rate = total / csv_run["seconds"]
    xlsx_rate = total / xlsx_run["seconds"]
    floor_rate = floor_rows / floor_seconds
    alone_rate = alone_run["rows"] / alone_run["seconds"]
    worst_rss = max(csv_run["rss_mb"], xlsx_run["rss_mb"], job_run["rss_mb"])
    background = job_run["status"] == 302 and job_run["rows"] == total
    return {
        "scenario": "P9",
        "name": "CSV/XLSX export of 100k rows",
        "status": "measured",
        "figures": {
            "rows": total,
            "csv_rows_per_s": round(csv_rate),
            "xlsx_rows_per_s": round(xlsx_rate),
            "copy_floor_rows_per_s": round(floor_rate),
            "xlsxwriter_alone_rows_per_s": round(alone_rate),
            "xlsx_vs_xlsxwriter_alone": round(xlsx_rate / alone_rate, 2),
            # Rows per second of this process's own CPU: on a shared, loaded machine the
            # wall-clock rates above also count the time other processes held the cores.
            "csv_rows_per_cpu_s": round(total / csv_run["cpu_seconds"]),
            "xlsx_rows_per_cpu_s": round(total / xlsx_run["cpu_seconds"]),
            "xlsxwriter_alone_rows_per_cpu_s": round(alone_run["rows"] / alone_run["cpu_seconds"]),
            "csv_rss_mb": csv_run["rss_mb"],
            "xlsx_rss_mb": xlsx_run["rss_mb"],
            "job_rss_mb": job_run["rss_mb"],
            "process_rss_before_export_mb": csv_run["rss_before_mb"],
            "job_rows": job_run["rows"],
            "job_threshold": threshold,
            "job_progress_updates": job_run["progress_updates"],
            "csv_mb": round(csv_run["bytes"] / 1e6, 1),
            "xlsx_mb": round(xlsx_run["bytes"] / 1e6, 1),
        },
        "baseline": {
            "copy_floor_rows_per_s": round(floor_rate),
            "xlsxwriter_alone_rows_per_s": round(alone_rate),
        },
        "ratio": round(csv_rate / floor_rate, 2) if floor_rate else None,
        "target": "≥ 20k rows/s (CSV and XLSX); RSS ≤ 150 MB; > 10k rows → job with progress",
        "pass": min(csv_rate, xlsx_rate) >= 20_000 and worst_rss <= 150 and background,
    }


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], int(sys.argv[2]))))  # noqa: T201 - read by the parent process
