"""A project manager takes an engagement through acceptance in Chromium: requests it in the
closing tab, records the client's "fail" with its reasons, resubmits after rectification,
records the "pass", and the follow-up obligations appear (ENG-11, ENG-12)."""

from __future__ import annotations

import re
from typing import cast

import pytest
from playwright.sync_api import Browser, Page, expect

from clients.models import Client
from engagements.choices import Stage
from engagements.models import AcceptanceRequest, Engagement
from engagements.services import lifecycle
from staff.choices import Role
from staff.models import User
from tests.engagements.test_closing import walk
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("[data-testid=login-submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


def _user(username: str, role: Role, **extra: object) -> User:
    return cast(User, UserFactory(username=username, roles=[role.value], **extra))


def _engagement_in_acceptance() -> tuple[Engagement, dict[str, User]]:
    client = Client.objects.create(code="journey", name="华信制造集团")
    users = {
        "pm": _user("pm", Role.PROJECT_MANAGER),
        "technical_director": _user("director", Role.TECHNICAL_DIRECTOR),
        "legal_reviewer": _user("legal", Role.LEGAL_REVIEWER),
        "signer": _user("signer", Role.ADMIN),
        "client": _user("client_zhou", Role.CLIENT, display_name="周女士", client=client),
    }
    lead = lifecycle.engagement_intake(
        actor=users["pm"],
        client=client,
        title="精益生产体系诊断",
        service_type="management",
        source="market_research",
    )
    return walk(Stage.ACCEPTANCE, lead, users), users


def test_a_project_manager_takes_an_engagement_through_acceptance(
    browser: Browser, live_server
) -> None:  # ENG-11, ENG-12
    engagement, users = _engagement_in_acceptance()
    pm = _login(browser, live_server.url, "pm")
    pm.goto(f"{live_server.url}/engagements/{engagement.pk}/?tab=closing")

    request_form = pm.locator("[data-testid=acceptance-request-form]")
    expect(request_form).to_be_visible()  # loaded into the tab by htmx
    request_form.locator("#id_acceptance-content").fill("诊断报告终稿及实施方案")
    request_form.locator("#id_acceptance-criteria").fill("覆盖合同约定的全部诊断范围")
    request_form.locator("button[type=submit]").click()
    expect(pm.locator(".alert-success")).to_be_visible()

    verdict = pm.locator("[data-testid=verdict-form]")
    verdict.locator("input[value=fail]").check()
    verdict.locator("#id_verdict-reasons").fill("缺少仓储环节的诊断")
    verdict.locator("#id_verdict-on_behalf_of").select_option(str(users["client"].pk))
    verdict.locator("#id_verdict-password").fill(TEST_PASSWORD)
    verdict.locator("button[type=submit]").click()
    first = pm.locator("[data-testid=acceptance-round][data-round='1']")
    expect(first.locator("[data-testid=round-status]")).to_have_attribute(
        "class", re.compile("text-bg-danger")
    )
    expect(first.locator("[data-testid=round-reasons]")).to_have_text("缺少仓储环节的诊断")

    resubmit = pm.locator("[data-testid=resubmit-form]")
    resubmit.locator("#id_resubmit-rectification").fill("补充了仓储环节的诊断")
    resubmit.locator("button[type=submit]").click()
    expect(pm.locator("[data-testid=acceptance-round][data-round='2']")).to_be_visible()

    verdict = pm.locator("[data-testid=verdict-form]")
    verdict.locator("input[value=pass]").check()
    verdict.locator("#id_verdict-client_contact").fill("周女士（电话）")
    verdict.locator("#id_verdict-password").fill(TEST_PASSWORD)
    verdict.locator("button[type=submit]").click()

    second = pm.locator("[data-testid=acceptance-round][data-round='2']")
    expect(second).to_have_attribute("data-status", "passed")
    obligations = pm.locator("[data-testid=obligation]")
    expect(obligations).to_have_count(3)
    for kind in ("satisfaction_survey", "revisit", "rectification"):
        expect(pm.locator(f"[data-testid=obligation][data-kind={kind}]")).to_be_visible()
    rounds = AcceptanceRequest.objects.filter(engagement=engagement).order_by("round")
    assert [(r.status, r.recorded_by_id) for r in rounds] == [
        ("failed", users["pm"].pk),
        ("passed", users["pm"].pk),
    ]
    assert rounds[0].verdict_by == users["client"]
    assert rounds[1].verdict_by_name == "周女士（电话）"
