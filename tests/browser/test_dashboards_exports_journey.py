"""Each role's dashboard and a list page with its export buttons, in Chinese and English, on
a desktop and a phone; the CSV export downloads with the page's filter (SEC-18 is proved in
tests/core/test_exports.py). Screenshots go to $ENGAGEQC_VAR_DIR/shots for a human look."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, ViewportSize, expect

from core.demo import DEMO_PASSWORD, demo_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASHBOARDS = {"consultant": "consultant", "pm": "pm", "qa": "qa", "admin": "admin"}
SIZES: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


def _login(page: Page, url: str, username: str, language: str) -> None:
    page.set_viewport_size(SIZES["desktop"])
    page.context.add_cookies([{"name": "django_language", "value": language, "url": url}])
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{url}/")
    if language == "en":  # the user's saved preference wins over the cookie: switch in the UI
        page.click("[data-language=en]")
        expect(page.locator("html")).to_have_attribute("lang", "en")


def _shot(page: Page, name: str) -> None:
    folder = settings.VAR_DIR / "shots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_role_sees_its_dashboard_with_charts(page: Page, live_server, language: str):
    demo_seed()
    for username, kind in DASHBOARDS.items():
        page.context.clear_cookies()
        _login(page, live_server.url, username, language)
        if username == "admin":
            page.goto(f"{live_server.url}/?view=admin")
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            dashboard = page.locator("[data-testid=dashboard]")
            expect(dashboard).to_have_attribute("data-kind", kind)
            if kind in ("qa", "admin", "pm"):
                expect(dashboard.locator("svg.chart").first).to_be_visible()
            _shot(page, f"dashboard-{kind}-{language}-{size}")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_list_page_exports_with_its_filter(page: Page, live_server, language: str):
    demo_seed()
    _login(page, live_server.url, "admin", language)
    page.goto(f"{live_server.url}/engagements/?stage=execution")
    buttons = page.locator("[data-testid=export-engagements]")
    label = "导出 CSV" if language == "zh-hans" else "Export CSV"
    expect(buttons.locator("[data-testid=export-csv]")).to_have_text(label)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        _shot(page, f"list-engagements-{language}-{size}")
    with page.expect_download() as download_info:
        buttons.locator("[data-testid=export-csv]").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "ENG-2026-001" in text  # the one engagement in execution
    assert "ENG-2026-003" not in text
