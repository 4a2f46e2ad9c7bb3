"""Each demo role signs in, sees its own navigation in Chinese and switches to English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from core.demo import DEMO_PASSWORD, demo_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# username → (navigation in Chinese, the same entries in English)
JOURNEYS = {
    "consultant": (
        ["工作台", "项目", "文档", "报表"],
        ["Dashboard", "Engagements", "Documents", "Reports"],
    ),
    "pm": (
        ["工作台", "项目", "质量", "风险", "客户", "文档", "报表"],
        ["Dashboard", "Engagements", "Quality", "Risk", "Clients", "Documents", "Reports"],
    ),
    "lead": (
        ["工作台", "项目", "质量", "文档", "报表"],
        ["Dashboard", "Engagements", "Quality", "Documents", "Reports"],
    ),
    "director": (
        ["工作台", "项目", "质量", "风险", "客户", "文档", "报表"],
        ["Dashboard", "Engagements", "Quality", "Risk", "Clients", "Documents", "Reports"],
    ),
    "qa": (
        ["工作台", "项目", "质量", "风险", "客户", "文档", "报表", "人员"],
        ["Dashboard", "Engagements", "Quality", "Risk", "Clients", "Documents", "Reports", "Staff"],
    ),
    "legal": (
        ["工作台", "项目", "客户", "文档", "报表"],
        ["Dashboard", "Engagements", "Clients", "Documents", "Reports"],
    ),
    "admin": (
        ["工作台", "项目", "质量", "风险", "客户", "文档", "报表", "人员"],
        ["Dashboard", "Engagements", "Quality", "Risk", "Clients", "Documents", "Reports", "Staff"],
    ),
    "client_a": (["我的项目", "文档"], ["My engagements", "Documents"]),
}


@pytest.mark.parametrize("username", list(JOURNEYS))
def test_each_role_signs_in_sees_its_navigation_in_chinese_and_switches_to_english(
    page: Page, live_server, username: str
) -> None:
    demo_seed()
    chinese, english = JOURNEYS[username]
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("h1")).to_have_text("登录")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    nav = page.locator("[data-testid=main-nav] .nav-link")
    expect(nav).to_have_text(chinese)

    page.click("[data-language=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav).to_have_text(english)

    # The choice is the user's preference: it survives signing out and in again.
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    expect(nav).to_have_text(english)


def test_a_client_user_only_sees_their_own_organisation_in_the_portal(
    page: Page, live_server
) -> None:  # CRM-2
    demo_seed()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "client_b")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    expect(page).to_have_url(re.compile(r"/portal/$"))
    cards = page.locator(".portal-card")
    expect(cards).to_have_count(3)
    expect(page.locator("body")).not_to_contain_text("华信")
