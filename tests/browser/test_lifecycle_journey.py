"""A project manager takes an engagement from contract to kickoff in Chromium, with the
legal reviewer's and the authorised signer's electronic sign-offs in between (ENG-6,
ENG-13, X-2)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from core.demo import DEMO_PASSWORD, demo_seed
from engagements.models import Engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    return page


def test_a_project_manager_advances_an_engagement_through_kickoff(
    browser: Browser, live_server
) -> None:  # ENG-13, ENG-6
    demo_seed()
    engagement = Engagement.objects.get(code="ENG-2026-004")
    url = f"{live_server.url}/engagements/{engagement.pk}/"

    pm = _login(browser, live_server.url, "pm")
    pm.goto(url)
    pm.click("[data-testid=advance]")
    expect(pm.locator(".alert-danger")).to_be_visible()  # refused: no signed contract yet
    pm.goto(url + "?tab=contract")
    for field, text in [
        ("scope", "全过程咨询"),
        ("term", "十二个月"),
        ("payment", "按季度"),
        ("confidentiality", "保密"),
        ("liability", "以合同额为限"),
    ]:
        pm.fill(f"#id_{field}", text)
    pm.click("form[action$='/contract/'] button[type=submit]")
    expect(pm.locator(".alert-success")).to_be_visible()

    legal = _login(browser, live_server.url, "legal")
    legal.goto(url + "?tab=contract")
    for box in ("complete", "accurate", "legal", "risk_clauses"):
        legal.check(f"form[action$='/legal-review/'] #id_{box}")
    legal.select_option("form[action$='/legal-review/'] #id_decision", "pass")
    legal.fill("form[action$='/legal-review/'] #id_password", DEMO_PASSWORD)
    legal.click("form[action$='/legal-review/'] button[type=submit]")
    expect(legal.locator(".alert-success")).to_be_visible()

    admin = _login(browser, live_server.url, "admin")
    admin.goto(url + "?tab=contract")
    admin.fill("form[action$='/contract/sign/'] #id_password", DEMO_PASSWORD)
    admin.click("form[action$='/contract/sign/'] button[type=submit]")
    expect(admin.locator(".alert-success")).to_be_visible()

    pm.goto(url)
    pm.fill("#advance-reason", "合同已签署，组建团队")
    pm.click("[data-testid=advance]")
    expect(pm.locator(".stage-stepper .is-current")).to_have_text("团队组建与启动")
    expect(pm.locator("[data-testid=timeline]")).to_contain_text("合同已签署，组建团队")
    engagement.refresh_from_db()
    assert engagement.stage == "kickoff"
