"""The main pages load without a browser console error — in particular no Content Security
Policy violation from an inline script or style (SEC-10) and no missing static file."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from core.demo import DEMO_PASSWORD, demo_seed
from engagements.models import Engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_main_pages_log_no_console_errors(page: Page, live_server) -> None:  # SEC-10
    demo_seed()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "pm")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    pk = Engagement.objects.get(code="ENG-2026-001").pk
    for path in [
        "/",
        "/engagements/",
        "/engagements/board/",
        f"/engagements/{pk}/",
        f"/engagements/{pk}/?tab=plan",
        f"/engagements/{pk}/?tab=quotations",
        "/notifications/",
        "/notifications/preferences/",
    ]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert errors == []
