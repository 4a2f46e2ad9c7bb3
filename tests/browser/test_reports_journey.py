"""An administrator requests the quarterly quality report in Chromium; a real Celery worker
consuming the ``reports`` queue renders it; the page (htmx polling) shows it done and the
download is a PDF whose text holds the Chinese title (QC-14, X-4, SEC-20)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from core.demo import DEMO_PASSWORD, demo_seed
from core.reports.models import ReportJob
from staff.models import User
from tests.celery_process import celery_worker, worker_log

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_an_admin_gets_the_quarterly_report_rendered_by_a_real_worker(
    page: Page, live_server, tmp_path: Path
) -> None:  # QC-14, X-4
    demo_seed()
    _login(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/reports/")
    form = page.locator("[data-testid=report-form]")
    form.locator("[name=kind]").select_option("quarterly")
    form.locator("[data-quarter-start]").first.click()
    with celery_worker():
        form.locator("[data-testid=report-submit]").click()
        row = page.locator("[data-testid=report-job]").first
        expect(row).to_have_attribute("data-status", "done", timeout=90_000)
    job = ReportJob.objects.get()
    assert job.status == "done", (job.error, worker_log())
    with page.expect_download() as info:
        row.locator("[data-testid=report-download]").click()
    path = tmp_path / "report.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", str(path), "-"], check=True, capture_output=True
    ).stdout.decode()
    assert "季度质量报告" in text

    shots = Path(settings.VAR_DIR) / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for language in ("zh-hans", "en"):
        # The signed-in user's own preference wins over the cookie.
        User.objects.filter(username="admin").update(language=language)
        for width, label in ((1280, "desktop"), (390, "phone")):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}/reports/")
            page.screenshot(path=str(shots / f"reports-{language}-{label}.png"), full_page=True)
