"""The three-level review in Chromium: the author submits a deliverable version, the
discipline lead raises a finding and returns it, the author answers, the lead re-checks and
signs with the password, the project manager and the technical director sign; the signature
manifest shows on the version page, and the engagement may then go into delivery
(QC-1, QC-2, X-2, SEC-11, ENG-10)."""

from __future__ import annotations

import re
from typing import cast

import pytest
from playwright.sync_api import Browser, Page, expect

from clients.models import Client
from core.exceptions import ConflictError
from engagements.choices import Stage
from engagements.services import lifecycle
from quality.choices import ReviewStatus
from quality.models import VersionReview
from staff.choices import Role
from staff.models import User
from tests.engagements.test_closing import walk, work_done
from tests.factories import TEST_PASSWORD, UserFactory
from tests.quality.factories import deliverable, new_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Two shared cores: give each step more than Playwright's default 5 s.
expect.set_options(timeout=20_000)


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


def _sign(page: Page) -> None:
    page.click("[data-testid=review-sign-open]")
    dialog = page.locator("[data-testid=sign-form]")
    expect(dialog).to_be_visible()
    dialog.locator("[name=password]").fill(TEST_PASSWORD)
    dialog.locator("[data-testid=sign-submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()


def test_a_deliverable_passes_the_three_levels_and_release_is_allowed(
    browser: Browser, live_server
) -> None:  # QC-1, QC-2, X-2, SEC-11, ENG-10
    client = Client.objects.create(code="journey", name="华信制造集团")
    users = {
        "pm": _user("pm", Role.PROJECT_MANAGER, display_name="李经理"),
        "technical_director": _user("director", Role.TECHNICAL_DIRECTOR, display_name="赵总工"),
        "legal_reviewer": _user("legal", Role.LEGAL_REVIEWER),
        "signer": _user("signer", Role.ADMIN),
        "client": _user("client_zhou", Role.CLIENT, client=client),
    }
    author = _user("author", Role.CONSULTANT, display_name="张咨询")
    lead = _user("lead", Role.DISCIPLINE_LEAD, display_name="王专业")
    engagement = lifecycle.engagement_intake(
        actor=users["pm"],
        client=client,
        title="数字化转型战略咨询",
        service_type="management",
        source="market_research",
    )
    engagement = walk(Stage.EXECUTION, engagement, users)
    engagement.members.add(author, lead)
    work_done(engagement, users["pm"])
    document = deliverable(engagement=engagement, author=author, title="数字化转型战略咨询报告")
    version = new_version(document, author=author)
    with pytest.raises(ConflictError, match=document.code):
        lifecycle.engagement_transition(
            actor=users["pm"], engagement=engagement, to_stage=Stage.DELIVERY
        )
    url = f"{live_server.url}/quality/reviews/versions/{version.pk}/"

    page = _login(browser, live_server.url, "author")
    page.goto(url)
    page.click("[data-testid=review-submit]")
    expect(page.locator("[data-testid=review-status]")).to_be_visible()

    page = _login(browser, live_server.url, "lead")
    page.goto(f"{live_server.url}/quality/")
    page.click("[data-testid=quality-review-inbox-link]")
    page.locator("[data-testid=inbox-to-review] [data-testid=inbox-link]").first.click()
    expect(page).to_have_url(re.compile(rf"/reviews/versions/{version.pk}/"))
    page.click("[data-testid=finding-add] summary")
    form = page.locator("[data-testid=finding-add] form")
    form.locator("[name=location]").fill("第3章 3.2")
    form.locator("[name=severity]").select_option("major")
    form.locator("[name=description]").fill("投资估算口径与附表不一致")
    form.locator("[data-testid=finding-add-submit]").click()
    expect(page.locator("[data-testid=finding]")).to_contain_text("投资估算口径")
    page.click("[data-testid=review-return]")
    expect(page.locator("[data-testid=level-status]").first).to_have_text("已退回作者")

    page = _login(browser, live_server.url, "author")
    page.goto(f"{live_server.url}/quality/reviews/")
    expect(page.locator("[data-testid=inbox-to-answer]")).to_contain_text(document.code)
    page.goto(url)
    page.locator("[data-testid=answer-form] textarea").fill("已按附表统一口径")
    page.click("[data-testid=answer-submit]")
    expect(page.locator("[data-testid=finding]")).to_contain_text("已按附表统一口径")

    page = _login(browser, live_server.url, "lead")
    page.goto(url)
    page.click("[data-testid=recheck-accept]")
    expect(page.locator("[data-testid=finding]")).to_have_attribute("data-status", "closed")
    _sign(page)

    for username in ("pm", "director"):
        page = _login(browser, live_server.url, username)
        page.goto(url)
        _sign(page)

    signatures = page.locator("[data-testid=signature]")
    expect(signatures).to_have_count(3)
    expect(signatures.nth(0)).to_contain_text("王专业")
    expect(signatures.nth(0)).to_contain_text("UTC")
    expect(signatures.nth(2)).to_contain_text("赵总工")
    expect(page.locator("[data-testid=review-status]")).to_have_text("已通过")
    assert VersionReview.objects.get(version=version).status == ReviewStatus.PASSED
    engagement = lifecycle.engagement_transition(
        actor=users["pm"], engagement=engagement, to_stage=Stage.DELIVERY
    )
    assert engagement.stage == Stage.DELIVERY
