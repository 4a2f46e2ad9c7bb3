"""The second factor (SEC-8): enrolment on the account-security page and its API twin, the
two-step sign-in, recovery codes, lockout on wrong codes (SEC-7), turning it off, and the
firm's switch that sends signing roles to enrol."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from staff.models import StaffSettings
from staff.services import second_factor as svc
from tests.factories import TEST_PASSWORD
from tests.otp import code, enrol, wrong

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def no_backoff(settings):
    """Wrong codes back off 1, 2, 4 … seconds; tests that retry at once turn that off."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _require_for_signing(on: bool = True) -> None:
    StaffSettings.objects.update_or_create(pk=1, defaults={"require_second_factor_for_signing": on})


def test_sec_8_enrolment_shows_a_qr_code_and_needs_a_valid_code(client, discipline_lead):
    client.force_login(discipline_lead)
    page = client.get(reverse("account_security")).content.decode()
    assert 'data-testid="enrol-start"' in page
    client.post(reverse("account_security_enrol"))
    device = TOTPDevice.objects.get(user=discipline_lead)
    assert not device.confirmed
    page = client.get(reverse("account_security")).content.decode()
    assert "<svg" in page and svc.secret_base32(device) in page
    assert "<?xml" not in page
    refused = client.post(reverse("account_security_confirm"), {"otp": wrong(device)})
    assert refused.status_code == 400
    assert not svc.is_enrolled(discipline_lead)
    device.throttle_reset()
    done = client.post(reverse("account_security_confirm"), {"otp": code(device)})
    assert done.status_code == 200
    assert svc.is_enrolled(discipline_lead)
    assert 'data-testid="recovery-codes"' in done.content.decode()
    assert StaticToken.objects.filter(device__user=discipline_lead).count() == 10


def test_sec_8_client_users_cannot_enrol(client, client_user):
    client.force_login(client_user)
    assert client.get(reverse("account_security")).status_code == 403


def test_sec_8_sign_in_is_two_step_for_enrolled_users(client, consultant):
    device = enrol(consultant)
    response = client.post(
        LOGIN, {"username": "consultant", "password": TEST_PASSWORD, "next": "/engagements/"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("login_code")
    # After the password alone the session is not signed in: pages and the API refuse.
    assert "_auth_user_id" not in client.session
    assert client.get("/engagements/").status_code == 302
    assert client.get("/api/me/", HTTP_ACCEPT="application/json").status_code in (401, 403)
    page = client.get(reverse("login_code"))
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.content.decode()
    refused = client.post(reverse("login_code"), {"otp": wrong(device)})
    assert refused.status_code == 200 and "invalid-feedback" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    device.throttle_reset()
    done = client.post(reverse("login_code"), {"otp": code(device)})
    assert done.status_code == 302 and done["Location"] == "/engagements/"
    assert client.get("/api/me/").status_code == 200


def test_sec_8_sign_in_without_an_authenticator_stays_one_step(client, consultant):
    response = client.post(LOGIN, {"username": "consultant", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "_auth_user_id" in client.session


def test_sec_8_the_code_step_times_out(client, consultant, settings):
    device = enrol(consultant)
    client.post(LOGIN, {"username": "consultant", "password": TEST_PASSWORD})
    settings.SECOND_FACTOR_LOGIN_SECONDS = -1
    response = client.post(reverse("login_code"), {"otp": code(device)})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_sec_8_the_code_step_needs_the_password_step(client):
    response = client.get(reverse("login_code"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_sec_8_sec_7_wrong_codes_back_off_and_lock_the_account(client, consultant, settings):
    device = enrol(consultant)
    client.post(LOGIN, {"username": "consultant", "password": TEST_PASSWORD})
    client.post(reverse("login_code"), {"otp": wrong(device)})
    # django-otp's back-off: right after a wrong code even the right one is refused.
    client.post(reverse("login_code"), {"otp": code(device)})
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # a refused-while-backing-off try is not counted
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        last = client.post(reverse("login_code"), {"otp": wrong(device)})
    assert last.status_code == 429
    locked = client.post(LOGIN, {"username": "consultant", "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_sec_8_a_recovery_code_signs_in_once(client, consultant, no_backoff):
    enrol(consultant, recovery=("abcd2345",))
    client.post(LOGIN, {"username": "consultant", "password": TEST_PASSWORD})
    done = client.post(reverse("login_code"), {"otp": "ABCD 2345"})
    assert done.status_code == 302 and "_auth_user_id" in client.session
    client.post(reverse("logout"))
    client.post(LOGIN, {"username": "consultant", "password": TEST_PASSWORD})
    again = client.post(reverse("login_code"), {"otp": "abcd2345"})
    assert again.status_code == 200 and "_auth_user_id" not in client.session


def test_sec_8_turning_it_off_needs_password_and_code(client, consultant, no_backoff):
    device = enrol(consultant, recovery=("abcd2345",))
    client.force_login(consultant)
    url = reverse("account_security_disable")
    assert client.post(url, {"password": "wrong", "otp": code(device)}).status_code == 400
    assert client.post(url, {"password": TEST_PASSWORD, "otp": "000000"}).status_code == 400
    assert svc.is_enrolled(consultant)
    response = client.post(url, {"password": TEST_PASSWORD, "otp": code(device)})
    assert response.status_code == 302
    assert not svc.is_enrolled(consultant)
    assert not StaticToken.objects.filter(device__user=consultant).exists()


def test_sec_8_new_recovery_codes_replace_the_old(client, consultant):
    device = enrol(consultant, recovery=("abcd2345",))
    client.force_login(consultant)
    response = client.post(reverse("account_security_recovery_codes"), {"otp": code(device)})
    assert response.status_code == 200
    tokens = set(
        StaticToken.objects.filter(device__user=consultant).values_list("token", flat=True)
    )
    assert len(tokens) == 10 and "abcd2345" not in tokens


def test_sec_8_the_switch_sends_signing_roles_to_enrol_at_sign_in(
    client, discipline_lead, consultant
):
    from quality.defaults import seed_review_levels

    seed_review_levels()  # the signing roles come from the review levels
    _require_for_signing()
    response = client.post(LOGIN, {"username": "discipline_lead", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("account_security")
    page = client.get(reverse("account_security")).content.decode()
    assert 'data-testid="enrolment-required"' in page
    client.post(reverse("logout"))
    # A consultant signs no review level: not sent anywhere.
    response = client.post(LOGIN, {"username": "consultant", "password": TEST_PASSWORD})
    assert response["Location"] == reverse("home")


def test_sec_8_the_switch_is_off_by_default(discipline_lead):
    assert StaffSettings.objects.get(pk=1).require_second_factor_for_signing is False
    assert not svc.enrolment_required(discipline_lead)


def test_sec_8_signing_roles_come_from_the_review_levels():
    from quality.defaults import seed_review_levels

    seed_review_levels()
    assert {"discipline_lead", "project_manager", "technical_director"} <= svc.signing_roles()
    assert "consultant" not in svc.signing_roles()


# --- the API twin (X-5) -----------------------------------------------------------------------


def test_sec_8_enrolment_through_the_api(consultant, no_backoff):
    api = APIClient()
    api.force_authenticate(consultant)
    status = api.get(reverse("api:staff-second-factor")).json()
    assert status == {"enrolled": False, "pending": False, "required_by_firm": False}
    started = api.post(reverse("api:staff-second-factor-enrol"))
    assert started.status_code == 201
    body = started.json()
    assert body["otpauth_url"].startswith("otpauth://totp/EngageQC")
    assert body["qr_svg"].startswith("<svg")
    device = TOTPDevice.objects.get(user=consultant)
    bad = api.post(reverse("api:staff-second-factor-confirm"), {"otp": "12"}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["message"]
    done = api.post(reverse("api:staff-second-factor-confirm"), {"otp": code(device)})
    assert done.status_code == 200 and len(done.json()["recovery_codes"]) == 10
    assert api.get(reverse("api:staff-second-factor")).json()["enrolled"] is True
    again = api.post(reverse("api:staff-second-factor-enrol"))
    assert again.status_code == 409
    codes = api.post(reverse("api:staff-second-factor-recovery-codes"), {"otp": code(device)})
    assert codes.status_code == 200
    off = api.post(
        reverse("api:staff-second-factor-disable"),
        {"password": TEST_PASSWORD, "otp": code(device)},
        format="json",
    )
    assert off.status_code == 204 and not svc.is_enrolled(consultant)


def test_sec_8_the_api_refuses_anonymous_and_client_users(client_user):
    assert APIClient().get(reverse("api:staff-second-factor")).status_code == 401
    api = APIClient()
    api.force_authenticate(client_user)
    assert api.post(reverse("api:staff-second-factor-enrol")).status_code == 403
