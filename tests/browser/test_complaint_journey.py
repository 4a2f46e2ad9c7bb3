"""A client user on a phone-width screen in Chromium: fails an acceptance in the portal with a
reason and later passes it (ENG-11), answers the satisfaction survey that follows (CRM-4),
submits a complaint with an attachment; a QA manager responds and gives feedback; the client
confirms closure (CRM-3, CRM-2)."""

from __future__ import annotations

import re
from typing import cast

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from clients.models import Client, Complaint, Survey
from clients.services.consents import consent_grant
from clients.services.surveys import surveys_issue_for_acceptance
from engagements.choices import Stage
from engagements.models import AcceptanceRequest
from engagements.services import closing as closing_svc
from engagements.services import lifecycle
from staff.choices import Role
from staff.models import User
from tests.clients.conftest import PDF
from tests.engagements.test_closing import request_round, walk
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE: ViewportSize = {"width": 390, "height": 844}


def _login(browser: Browser, base: str, username: str, viewport: ViewportSize) -> Page:
    page = browser.new_context(locale="zh-CN", viewport=viewport).new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("[data-testid=login-submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


def _user(username: str, role: Role, **extra: object) -> User:
    return cast(User, UserFactory(username=username, roles=[role.value], **extra))


def _no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"page is {width}px wide on a phone"


def test_a_client_answers_acceptance_and_survey_and_complains_on_a_phone(
    browser: Browser, live_server
) -> None:  # CRM-2, CRM-3, CRM-4, ENG-11
    client_org = Client.objects.create(code="journey", name="华信制造集团")
    users = {
        "pm": _user("pm", Role.PROJECT_MANAGER),
        "technical_director": _user("director", Role.TECHNICAL_DIRECTOR),
        "legal_reviewer": _user("legal", Role.LEGAL_REVIEWER),
        "signer": _user("signer", Role.ADMIN),
        "client": _user("client_zhou", Role.CLIENT, display_name="周女士", client=client_org),
    }
    _user("qa", Role.QA_MANAGER, display_name="陈质量")
    client_user = users["client"]
    consent_grant(actor=client_user, person=client_user, purpose="surveys", channel="portal")
    lead = lifecycle.engagement_intake(
        actor=users["pm"],
        client=client_org,
        title="精益生产体系诊断",
        service_type="management",
        source="market_research",
    )
    engagement = walk(Stage.ACCEPTANCE, lead, users)
    first = request_round(engagement, users["pm"])

    phone = _login(browser, live_server.url, "client_zhou", PHONE)
    base = live_server.url

    # ENG-11: fail with a reason, from the portal home.
    expect(phone.locator("[data-testid=pending-acceptances]")).to_be_visible()
    phone.locator("[data-testid=pending-acceptances] a").first.click()
    form = phone.locator("[data-testid=verdict-form]")
    form.locator("input[value=fail]").check()
    form.locator("#id_reasons").fill("缺少仓储环节的诊断")
    form.locator("#id_password").fill(TEST_PASSWORD)
    form.locator("[data-testid=verdict-submit]").click()
    expect(phone.locator(".alert-success")).to_be_visible()
    first.refresh_from_db()
    assert first.status == "failed" and first.reasons == "缺少仓储环节的诊断"

    second = closing_svc.acceptance_resubmit(
        actor=users["pm"], request_id=first.pk, rectification="补充仓储环节诊断"
    )
    phone.goto(f"{base}/portal/engagements/{engagement.pk}/")
    _no_horizontal_scroll(phone)
    phone.locator("[data-testid=give-verdict]").click()
    form = phone.locator("[data-testid=verdict-form]")
    form.locator("input[value=pass]").check()
    form.locator("#id_password").fill(TEST_PASSWORD)
    form.locator("[data-testid=verdict-submit]").click()
    expect(phone.locator(".alert-success")).to_be_visible()
    assert AcceptanceRequest.objects.get(pk=second.pk).status == "passed"

    # CRM-4: the survey that follows the acceptance (issued as the Celery task would).
    surveys_issue_for_acceptance(engagement_id=engagement.pk)
    Survey.objects.update(status="sent")
    phone.goto(f"{base}/portal/surveys/")
    phone.locator("[data-testid=survey-item]").first.click()
    survey_form = phone.locator("[data-testid=survey-form]")
    for group in survey_form.locator("fieldset").all():
        group.locator("input[value='4']").check()
    survey_form.locator("textarea").fill("团队专业，响应及时")
    survey_form.locator("[data-testid=survey-submit]").click()
    expect(phone.locator("[data-testid=survey-done]")).to_be_visible()
    assert Survey.objects.get().status == "answered"

    # CRM-3: a complaint with an attachment on a phone-width page.
    phone.goto(f"{base}/portal/")
    phone.locator("[data-testid=new-complaint]").first.click()
    _no_horizontal_scroll(phone)
    complaint_form = phone.locator("[data-testid=complaint-form]")
    complaint_form.locator("#id_engagement").select_option(str(engagement.pk))
    complaint_form.locator("#id_nature").select_option("timeliness")
    complaint_form.locator("#id_subject").fill("整改报告交付延迟")
    complaint_form.locator("#id_description").fill("整改报告比约定时间晚了三天。")
    complaint_form.locator("#id_files").set_input_files(
        {"name": "往来邮件.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    complaint_form.locator("[data-testid=complaint-submit]").click()
    expect(phone.locator(".alert-success")).to_be_visible()
    expect(phone.locator("[data-testid=attachments]")).to_contain_text("往来邮件.pdf")
    complaint = Complaint.objects.get()
    assert complaint.attachments.count() == 1

    # Staff respond and give feedback on a desktop.
    desk = _login(browser, base, "qa", {"width": 1366, "height": 900})
    desk.goto(f"{base}/clients/complaints/")
    desk.locator("[data-testid=complaint-table] a", has_text=complaint.reference).click()
    respond = desk.locator("[data-testid=respond-form]")
    respond.locator("textarea").fill("非常抱歉，我们已核实原因，今天内给您处理方案。")
    respond.locator("[data-testid=respond-form-submit]").click()
    expect(desk.locator(".alert-success")).to_be_visible()
    feedback = desk.locator("[data-testid=feedback-form]")
    feedback.locator("textarea").fill("已调整交付排期并指定专人跟进。")
    feedback.locator("[data-testid=feedback-form-submit]").click()
    expect(desk.locator("[data-testid=complaint-status]").first).to_have_text("待客户确认")

    # The client sees the replies and confirms closure.
    phone.goto(f"{base}/portal/complaints/{complaint.pk}/")
    expect(phone.locator("[data-testid=replies]")).to_contain_text("已调整交付排期")
    phone.locator("[data-testid=confirm-submit]").click()
    expect(phone.locator("[data-testid=complaint-status]").first).to_have_text("已关闭")
    complaint.refresh_from_db()
    assert complaint.status == "closed"
