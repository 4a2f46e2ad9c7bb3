"""A large export runs in a real Celery worker with progress, and only its requester can
download the file (P9's background path; SEC-18 read back from the worker's XLSX)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import ExportJob, ExportSettings
from core.models.exports import ExportStatus
from tests.celery_process import celery_worker, wait_for, worker_log
from tests.factories import EngagementFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_large_export_runs_in_a_real_worker_and_only_the_requester_gets_it(
    client, admin_user, qa_manager
) -> None:
    # The worker is another process: both use the default storage under ENGAGEQC_VAR_DIR.
    ExportSettings.objects.create(pk=1, async_threshold=5)
    EngagementFactory.create_batch(11, title="=2*3")
    client.force_login(admin_user)
    response = client.get(reverse("exports:download", args=["engagements", "xlsx"]))
    assert response.status_code == 302
    job = ExportJob.objects.get()
    page = client.get(response["Location"])
    assert 'hx-trigger="every 1s"' in page.content.decode()  # the page polls while it runs

    with celery_worker():
        done = wait_for(
            lambda: ExportJob.objects.get(pk=job.pk).status == ExportStatus.DONE, timeout=60
        )
    assert done, worker_log()
    job.refresh_from_db()
    assert (job.done, job.total, job.percent) == (11, 11, 100)

    partial = client.get(reverse("exports:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "hx-trigger" not in body and reverse("exports:job-file", args=[job.pk]) in body

    response = client.get(reverse("exports:job-file", args=[job.pk]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    titles = {ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)}
    assert titles == {"'=2*3"}  # SEC-18 in the worker's file too
    assert ws.max_row == 12

    client.force_login(qa_manager)
    assert client.get(reverse("exports:job-file", args=[job.pk])).status_code == 404
    job.result.delete(save=False)
