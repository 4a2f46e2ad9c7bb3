"""The QA manager plans an audit, scores it against the 100-point checklist and sees its
grade; the audited team's project manager replies with the rectification (QC-6, QC-7, QC-9),
in Chromium."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from core.demo import DEMO_PASSWORD, demo_seed
from engagements.models import Engagement
from quality.models import Audit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_qa_plans_scores_sees_the_grade_and_the_team_replies(page: Page, live_server) -> None:
    # QC-6, QC-7, QC-9
    demo_seed()
    engagement = Engagement.objects.get(code="ENG-2026-002")
    _login(page, live_server.url, "qa")

    page.goto(f"{live_server.url}/quality/")
    page.click("[data-testid=hub-audits]")
    page.click("[data-testid=plan-audit]")
    page.select_option("#id_kind", "unscheduled")
    page.fill("#id_title", "精益项目不定期检查")
    page.select_option("#id_engagements", str(engagement.pk))
    page.click("[data-testid=quality-form-submit]")
    audit = Audit.objects.get(title="精益项目不定期检查")
    expect(page).to_have_url(re.compile(rf"/quality/audits/{audit.pk}/$"))

    card = page.locator(f"[data-testid=entry-{engagement.code}]")
    card.locator("[data-testid=score-link]").click()
    inputs = page.locator("[data-testid=score-form] input[type=number]")
    for i in range(inputs.count()):
        field = inputs.nth(i)
        weight = Decimal(field.get_attribute("max") or "0")
        field.fill(str((weight * Decimal("0.75")).quantize(Decimal("0.01"))))
    page.click("[data-testid=score-submit]")

    card = page.locator(f"[data-testid=entry-{engagement.code}]")
    expect(card.locator("[data-testid=entry-score]")).to_have_text("75.00")
    expect(card.locator("[data-testid=grade]")).to_have_text("合格")
    card.locator("[data-testid=opinion-link]").click()
    page.fill("#id_opinion", "成果文件数据口径需统一，请于10日内回复整改措施。")
    page.click("[data-testid=quality-form-submit]")
    page.click("[data-testid=conclude]")
    expect(page.locator("[data-testid=audit-conclusion]")).to_contain_text("75.00")

    _login(page, live_server.url, "pm")
    page.goto(f"{live_server.url}{audit.get_absolute_url()}")
    card = page.locator(f"[data-testid=entry-{engagement.code}]")
    card.locator("[data-testid=reply-link]").click()
    page.fill("#id_reply", "已统一数据口径并重新提交成果。")
    page.click("[data-testid=quality-form-submit]")
    expect(page.locator("[data-testid=entry-reply]")).to_contain_text("已统一数据口径")
    entry = audit.entries.get()
    assert entry.replied_by is not None and entry.replied_by.username == "pm"
