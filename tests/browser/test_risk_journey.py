"""A project manager raises a risk in Chromium, sees its suggested strategy change with the
likelihood and impact (htmx, RSK-2, RSK-3), and finds it on the engagement's heat map."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from core.demo import DEMO_PASSWORD, demo_seed
from engagements.models import Engagement
from risk.models import Risk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_project_manager_raises_a_risk_and_sees_strategy_and_heat_map(
    page: Page, live_server
) -> None:  # RSK-1 RSK-2 RSK-3
    demo_seed()
    engagement = Engagement.objects.get(code="ENG-2026-003")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "pm")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto(f"{live_server.url}/engagements/{engagement.pk}/")
    page.click("[data-testid=risk-register-link]")
    expect(page).to_have_url(re.compile(rf"/risk/engagements/{engagement.pk}/$"))
    cell = page.locator("[data-testid=heat-low-severe]")
    expect(cell).to_have_attribute("data-count", "0")

    page.click("[data-testid=raise-risk]")
    page.fill("[name=title]", "园区规划政策调整导致方案返工")
    page.select_option("[name=category]", label="市场风险")
    page.select_option("[name=method]", "delphi")
    page.fill("[name=cause]", "地方政府正在修订产业园区规划")
    page.select_option("[name=likelihood]", "high")
    page.select_option("[name=impact]", "severe")
    expect(page.locator("#strategy-suggestion [data-testid=suggested-strategy]")).to_have_text(
        "规避"
    )
    page.select_option("[name=likelihood]", "low")
    expect(page.locator("#strategy-suggestion [data-testid=suggested-strategy]")).to_have_text(
        "转移"
    )
    page.click("[data-testid=risk-submit]")

    risk = Risk.objects.get(title="园区规划政策调整导致方案返工")
    expect(page).to_have_url(re.compile(rf"/risk/risks/{risk.pk}/$"))
    expect(page.locator("dd[data-testid=suggested-strategy]")).to_have_text("转移")
    expect(page.locator("[data-testid=risk-level]")).to_have_text("中")

    page.goto(f"{live_server.url}/risk/engagements/{engagement.pk}/")
    expect(page.locator("[data-testid=heat-low-severe]")).to_have_attribute("data-count", "1")
    expect(page.locator("[data-testid=risk-table]")).to_contain_text("园区规划政策调整导致方案返工")
    assert risk.method == "delphi" and risk.raised_by.username == "pm"
    assert not [e for e in errors if "Content Security Policy" in e], errors
