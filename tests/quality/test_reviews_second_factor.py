"""The review signature with a second factor (SEC-8, SEC-12, X-2): an enrolled signer also
gives a current one-time code, on the page and over the API; a wrong or missing code is a
translated 400 and nothing is signed. With the firm's switch on, a signer without an
authenticator is refused and sent to enrol."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.exceptions import ApplicationError, ForbiddenError
from quality.choices import LevelStatus
from quality.models import Signature
from quality.services import reviews as svc
from staff.models import StaffSettings
from tests.factories import TEST_PASSWORD
from tests.otp import code, enrol, wrong

pytestmark = pytest.mark.django_db


@pytest.fixture
def level(version, consultant):
    review = svc.review_submit(actor=consultant, version=version)
    return review.levels.get(position=1)


@pytest.fixture
def no_backoff(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _switch(on: bool) -> None:
    StaffSettings.objects.update_or_create(pk=1, defaults={"require_second_factor_for_signing": on})


def test_sec_12_an_enrolled_signer_needs_a_current_code(level, discipline_lead, no_backoff):
    device = enrol(discipline_lead)
    with pytest.raises(ApplicationError, match="one-time code"):
        svc.review_sign(actor=discipline_lead, level_id=level.pk, password=TEST_PASSWORD)
    with pytest.raises(ApplicationError, match="one-time code"):
        svc.review_sign(
            actor=discipline_lead, level_id=level.pk, password=TEST_PASSWORD, otp=wrong(device)
        )
    assert not Signature.objects.exists()
    signature = svc.review_sign(
        actor=discipline_lead, level_id=level.pk, password=TEST_PASSWORD, otp=code(device)
    )
    assert signature.signer == discipline_lead


def test_sec_12_a_code_is_accepted_once(level, discipline_lead, no_backoff, version):
    """A code seen over someone's shoulder cannot sign a second time (replay)."""
    device = enrol(discipline_lead)
    used = code(device)
    svc.review_sign(actor=discipline_lead, level_id=level.pk, password=TEST_PASSWORD, otp=used)
    from quality.models import LevelReview

    second = LevelReview.objects.get(review=level.review, position=2)
    with pytest.raises(ApplicationError):
        svc.review_sign(actor=discipline_lead, level_id=second.pk, password=TEST_PASSWORD, otp=used)


def test_sec_12_the_api_asks_for_the_code(level, discipline_lead, no_backoff):
    device = enrol(discipline_lead)
    api = APIClient()
    api.force_authenticate(discipline_lead)
    url = reverse("api:review-sign", args=[level.pk])
    missing = api.post(url, {"password": TEST_PASSWORD}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 400
    assert "one-time code" in missing.json()["error"]["message"]
    zh = api.post(
        url, {"password": TEST_PASSWORD, "otp": wrong(device)}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert zh.status_code == 400 and "动态验证码" in zh.json()["error"]["message"]
    assert not Signature.objects.exists()
    done = api.post(url, {"password": TEST_PASSWORD, "otp": code(device)}, format="json")
    assert done.status_code == 201, done.content


def test_sec_12_the_page_shows_and_checks_the_code(
    client, level, version, discipline_lead, no_backoff
):
    page = reverse("quality:review_version", args=[version.pk])
    client.force_login(discipline_lead)
    assert 'name="otp"' not in client.get(page).content.decode()
    device = enrol(discipline_lead)
    assert 'name="otp"' in client.get(page).content.decode()
    sign = reverse("quality:review_sign", args=[level.pk])
    client.post(sign, {"password": TEST_PASSWORD, "otp": wrong(device)})
    level.refresh_from_db()
    assert level.status != LevelStatus.SIGNED
    client.post(sign, {"password": TEST_PASSWORD, "otp": code(device)})
    level.refresh_from_db()
    assert level.status == LevelStatus.SIGNED


def test_sec_8_the_switch_refuses_signers_without_a_second_factor(client, level, discipline_lead):
    _switch(True)
    with pytest.raises(ForbiddenError, match="requires a second factor"):
        svc.review_sign(actor=discipline_lead, level_id=level.pk, password=TEST_PASSWORD)
    api = APIClient()
    api.force_authenticate(discipline_lead)
    refused = api.post(
        reverse("api:review-sign", args=[level.pk]), {"password": TEST_PASSWORD}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "second_factor_required"
    client.force_login(discipline_lead)
    response = client.post(
        reverse("quality:review_sign", args=[level.pk]), {"password": TEST_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("account_security")
    assert not Signature.objects.exists()


def test_sec_8_with_the_switch_on_an_enrolled_signer_signs(level, discipline_lead):
    _switch(True)
    device = enrol(discipline_lead)
    svc.review_sign(
        actor=discipline_lead, level_id=level.pk, password=TEST_PASSWORD, otp=code(device)
    )
    assert Signature.objects.count() == 1


def test_sec_8_with_the_switch_off_a_password_still_signs(level, discipline_lead):
    _switch(False)
    svc.review_sign(actor=discipline_lead, level_id=level.pk, password=TEST_PASSWORD)
    assert Signature.objects.count() == 1
