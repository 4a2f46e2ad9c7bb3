"""A QA manager opens a consultant's appraisal in Chromium and follows a computed figure to
the records it counts (STF-3)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from core.demo import DEMO_PASSWORD, demo_seed
from staff.models import Appraisal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_qa_manager_opens_a_consultants_appraisal_with_figures_and_sources(
    page: Page, live_server
) -> None:
    # STF-3
    demo_seed()
    appraisal = Appraisal.objects.get(user__username="consultant")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "qa")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto(f"{live_server.url}/staff/")
    expect(page.locator("[data-testid=expiring-certificates]")).to_contain_text("张咨询")
    page.locator("[data-testid=people-table]").get_by_role("link", name="张咨询").click()
    expect(page.locator("[data-testid=person-name]")).to_have_text("张咨询")
    expect(page.locator("[data-testid=training-hours]")).to_contain_text("年度全员培训计划")
    page.locator("[data-testid=appraisal-link]").first.click()

    expect(page).to_have_url(re.compile(rf"/staff/appraisals/{appraisal.pk}/$"))
    on_time = page.locator("[data-testid=figure][data-key='engagements.on_time_milestones']")
    expect(on_time).to_contain_text("里程碑准时率")
    expect(on_time.locator("[data-testid=figure-value]")).to_have_text("75.0%")
    owned = page.locator("[data-testid=figure][data-key='engagements.milestones_owned']")
    expect(owned.locator("[data-testid=figure-value]")).to_have_text("4")
    expect(page.locator("[data-testid=goals]")).to_contain_text("提升交付准时率")
    expect(page.locator("[data-testid=interviews]")).to_contain_text("进度管理")

    on_time.locator("[data-testid=figure-source]").click()
    expect(page).to_have_url(re.compile(r"/staff/people/\d+/figures/milestones/\?start="))
    rows = page.locator("[data-testid=source-table] tbody tr")
    expect(rows).to_have_count(4)
    expect(page.locator("[data-testid=source-table]")).to_contain_text("转型方案初稿")
    assert errors == []
