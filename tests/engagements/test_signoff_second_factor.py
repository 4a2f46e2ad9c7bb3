"""SEC-12 / X-2 beyond the quality review: the proposal review (ENG-5), the contract's legal
review and signature (ENG-6) and the acceptance verdict (ENG-11) are electronic sign-offs
too, all through ``core.signoff.signed``: a signer who enrolled an authenticator gives a
current one-time code with the password; a wrong code is refused, nothing is recorded, and
the refusal stays counted by the authenticator's throttle (it happens before the sign-off's
transaction)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from core.exceptions import ApplicationError
from engagements.choices import Stage
from engagements.models import Review
from engagements.services import lifecycle
from tests.engagements.test_closing import request_round, walk
from tests.engagements.test_lifecycle import PROPOSAL, _advance_to
from tests.factories import TEST_PASSWORD, UserFactory
from tests.otp import code, enrol, wrong

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def no_backoff(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def signer(db):
    return UserFactory(username="signer", roles=["admin"])


@pytest.fixture
def users(project_manager, technical_director, legal_reviewer, signer, client_user) -> dict:
    return {
        "pm": project_manager,
        "technical_director": technical_director,
        "legal_reviewer": legal_reviewer,
        "signer": signer,
        "client": client_user,
    }


@pytest.fixture
def lead(project_manager, client_a):
    return lifecycle.engagement_intake(
        actor=project_manager,
        client=client_a,
        title="二次验证",
        service_type="management",
        source="market_research",
    )


def test_sec_12_the_proposal_review_needs_the_code_of_an_enrolled_reviewer(
    lead, project_manager, technical_director, legal_reviewer, signer, no_backoff
):  # SEC-12, X-2, ENG-5
    engagement = _advance_to(
        Stage.PROPOSAL, lead, project_manager, technical_director, legal_reviewer, signer
    )
    lifecycle.proposal_save(actor=project_manager, engagement=engagement, **PROPOSAL)
    device = enrol(technical_director)
    for otp in ("", wrong(device)):
        with pytest.raises(ApplicationError, match="one-time code"):
            lifecycle.proposal_review(
                actor=technical_director,
                engagement=engagement,
                decision="pass",
                password=TEST_PASSWORD,
                otp=otp,
            )
    assert not Review.objects.filter(engagement=engagement, kind=Review.Kind.PROPOSAL).exists()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # the wrong code, not rolled back
    review = lifecycle.proposal_review(
        actor=technical_director,
        engagement=engagement,
        decision="pass",
        password=TEST_PASSWORD,
        otp=code(device),
    )
    assert review.decision == "pass"


def test_sec_12_the_acceptance_verdict_over_the_api_needs_the_code(
    lead,
    users,
    project_manager,
    signer,
    client_user,
    no_backoff,
):  # SEC-12, X-2, X-5, ENG-11
    engagement = walk(Stage.ACCEPTANCE, lead, users)
    round_ = request_round(engagement, project_manager)
    device = enrol(project_manager)
    api = APIClient()
    api.force_authenticate(project_manager)
    url = f"/api/engagements/acceptance/{round_.pk}/verdict/"
    body = {
        "verdict": "pass",
        "password": TEST_PASSWORD,
        "client_contact": "周女士",
    }
    refused = api.post(url, {**body, "otp": wrong(device)}, format="json")
    assert refused.status_code == 400, refused.content
    round_.refresh_from_db()
    assert round_.status == "pending"
    accepted = api.post(url, {**body, "otp": code(device)}, format="json")
    assert accepted.status_code == 200, accepted.content
    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == 0
