"""The second factor in Chromium (SEC-8): a discipline lead enrols an authenticator on the
account-security page (QR code, key, confirm with a code, recovery codes shown), signs out,
and signing in again takes the password and then a code."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, expect

from staff.choices import Role
from tests.factories import TEST_PASSWORD, UserFactory
from tests.otp import code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
expect.set_options(timeout=20_000)


def test_sec_8_enrol_then_sign_in_in_two_steps(live_server, browser: Browser) -> None:
    UserFactory(username="lead2fa", roles=[Role.DISCIPLINE_LEAD.value])
    base = live_server.url
    page = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}).new_page()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "lead2fa")
    page.fill("#id_password", TEST_PASSWORD)
    page.press("#id_password", "Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto(f"{base}/accounts/security/")
    page.click("[data-testid=enrol-start]")
    expect(page.locator("[data-testid=enrol-qr] svg")).to_be_visible()
    expect(page.locator("[data-testid=enrol-secret]")).not_to_be_empty()
    device = TOTPDevice.objects.get(user__username="lead2fa")
    page.fill("[data-testid=confirm-form] input[name=otp]", code(device))
    page.click("[data-testid=confirm-submit]")
    expect(page.locator("[data-testid=recovery-codes] li")).to_have_count(10)
    expect(page.locator("[data-testid=second-factor-status]")).to_have_class(
        re.compile("text-bg-success")
    )

    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "lead2fa")
    page.fill("#id_password", TEST_PASSWORD)
    page.press("#id_password", "Enter")
    expect(page).to_have_url(re.compile(r"/accounts/login/code/"))
    page.fill("input[name=otp]", code(device))
    page.click("[data-testid=login-code-submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("[data-testid=user-menu]")).to_be_visible()
