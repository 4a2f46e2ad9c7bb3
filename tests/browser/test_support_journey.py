"""Real Chromium: a client user on a phone asks for help in the portal (CRM-5), the QA manager
answers and resolves it on a desktop with the clocks in view, and the client sees the
status and the replies; the PM logs a revisit that meets the engagement's follow-up
obligation (CRM-6); contacts show masked (SEC-26). Each new page is screenshotted in
zh-hans and en at desktop (1280) and phone (390) width, without horizontal scrolling on
the phone."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import cast

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect

from clients.models import Client, SupportRequest
from clients.services.contacts import contact_save, profile_update
from engagements.models import Engagement, FollowUpObligation
from engagements.models.closing import ObligationKind, ObligationStatus
from staff.choices import Role
from staff.models import User
from tests.factories import TEST_PASSWORD, EngagementFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
SHOTS = Path(os.environ.get("ENGAGEQC_VAR_DIR", "var")) / "screenshots" / "crm"


def _login(browser: Browser, base: str, username: str, viewport: ViewportSize) -> Page:
    page = browser.new_context(locale="zh-CN", viewport=viewport).new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.press("#id_password", "Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


def _user(username: str, role: Role, **extra: object) -> User:
    return cast(User, UserFactory(username=username, roles=[role.value], **extra))


def _no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{page.url} is {width}px wide on a phone"


def _shoot(browser: Browser, base: str, user: User, pages: dict[str, str]) -> None:
    """Each page in zh-hans and en, at desktop and phone width."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for language in ("zh-hans", "en"):
        User.objects.filter(pk=user.pk).update(language=language)
        for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page = _login(browser, base, user.username, viewport)
            for name, path in pages.items():
                page.goto(f"{base}{path}")
                if label == "phone":
                    _no_horizontal_scroll(page)
                page.screenshot(path=str(SHOTS / f"{name}-{language}-{label}.png"), full_page=True)
            page.context.close()
    User.objects.filter(pk=user.pk).update(language="zh-hans")


def test_support_revisit_and_contacts_in_the_browser(browser: Browser, live_server) -> None:
    # CRM-5, CRM-6, SEC-26
    base = live_server.url
    org = Client.objects.create(code="journey", name="华信制造集团")
    client_user = _user("client_zhou", Role.CLIENT, display_name="周女士", client=org)
    qa = _user("qa", Role.QA_MANAGER, display_name="陈质量")
    pm = _user("pm", Role.PROJECT_MANAGER, display_name="王经理")
    admin = _user("admin", Role.ADMIN, display_name="管理员")
    engagement = cast(
        Engagement, EngagementFactory(client=org, project_manager=pm, title="精益生产体系诊断")
    )
    obligation = FollowUpObligation.objects.create(
        engagement=engagement,
        kind=ObligationKind.REVISIT,
        description="验收后回访",
        due_date=timezone.localdate() + timedelta(days=90),
        standard=True,
    )
    profile_update(actor=client_user, position="项目联络人", phone="13900001234")
    contact_save(
        actor=qa,
        client_id=org.pk,
        name="陈立新",
        position="运营副总裁",
        phone="13812345678",
        email="chen.lixin@example.com",
    )

    # CRM-5: the client asks for help on a phone.
    phone = _login(browser, base, "client_zhou", PHONE)
    phone.goto(f"{base}/portal/support/")
    _no_horizontal_scroll(phone)
    phone.locator("[data-testid=new-support]").click()
    form = phone.locator("[data-testid=support-form]")
    form.locator("input[value=enquiry]").check()
    form.locator("#id_subject").fill("项目是否包含中层培训")
    form.locator("#id_description").fill("想了解管理咨询项目是否包含中层管理人员培训。")
    _no_horizontal_scroll(phone)
    form.locator("[data-testid=support-submit]").click()
    expect(phone.locator(".alert-success")).to_be_visible()
    item = SupportRequest.objects.get()
    assert item.kind == "enquiry" and item.channel == "online"

    # The QA manager answers and resolves it on a desktop, with the clock in view.
    desk = _login(browser, base, "qa", DESKTOP)
    desk.goto(f"{base}/clients/support/")
    expect(desk.locator("[data-testid=support-due]").first).not_to_have_text("—")
    desk.locator(f"text={item.reference}").click()
    expect(desk.locator("[data-testid=clocks]")).to_contain_text("咨询答复")
    desk.locator("[data-testid=support-reply-form] textarea").fill("包含，方案第五章有培训安排。")
    desk.locator("[data-testid=support-reply-form-submit]").click()
    expect(desk.locator(".alert-success")).to_be_visible()
    desk.locator("[data-testid=support-resolve-form] textarea").fill("已答复，客户无其他问题。")
    desk.locator("[data-testid=support-resolve-form-submit]").click()
    expect(desk.locator("[data-testid=support-status]")).to_have_text("已解决")

    phone.goto(f"{base}/portal/support/{item.pk}/")
    expect(phone.locator("[data-testid=replies]")).to_contain_text("方案第五章")
    expect(phone.locator("[data-testid=support-resolution]")).to_be_visible()
    _no_horizontal_scroll(phone)

    # CRM-6: the PM plans and logs a revisit that meets the follow-up obligation.
    office = _login(browser, base, "pm", DESKTOP)
    office.goto(f"{base}/clients/revisits/")
    plan = office.locator("[data-testid=revisit-plan-form]")
    plan.locator("#id_engagement").select_option(str(engagement.pk))
    plan.locator("#id_method").select_option("onsite")
    plan.locator("#id_planned_date").fill(timezone.localdate().isoformat())
    plan.locator("#id_purpose").fill("了解诊断建议落地情况")
    plan.locator("button[type=submit]").click()
    expect(office.locator("[data-testid=revisit-status]")).to_have_text("已计划")
    log = office.locator("[data-testid=revisit-log-form]")
    log.locator("#id_log-outcome").fill("客户满意，建议已落地八成。")
    log.locator("#id_log-opportunities").fill("二期数字化咨询")
    log.locator("#id_log-value_added_services").fill("赠送行业对标报告")
    log.locator("[data-testid=revisit-log-form-submit]").click()
    expect(office.locator("[data-testid=revisit-obligation]")).to_contain_text("已由本次回访完成")
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.MET

    # SEC-26: masked in the contacts list.
    desk.goto(f"{base}/clients/contacts/")
    expect(desk.locator("[data-testid=contacts]")).to_contain_text("138****5678")
    expect(desk.locator("[data-testid=contacts]")).not_to_contain_text("13812345678")

    revisit_pk = office.url.rstrip("/").split("/")[-1]
    _shoot(
        browser,
        base,
        client_user,
        {
            "portal-support": "/portal/support/",
            "portal-support-new": "/portal/support/new/",
            "portal-support-request": f"/portal/support/{item.pk}/",
            "portal-profile": "/portal/profile/",
        },
    )
    _shoot(
        browser,
        base,
        qa,
        {
            "staff-support": "/clients/support/",
            "staff-support-request": f"/clients/support/{item.pk}/",
            "staff-revisits": "/clients/revisits/",
            "staff-revisit": f"/clients/revisits/{revisit_pk}/",
            "staff-contacts": "/clients/contacts/",
        },
    )
    _shoot(
        browser,
        base,
        admin,
        {"privacy": "/clients/privacy/", "privacy-person": f"/clients/privacy/{client_user.pk}/"},
    )
