"""API twins of the review (X-5): the whole flow over /api/quality/, scoping (SEC-2), field
protection (SEC-4), bad input (SEC-23) and fixed query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from quality.models import Signature
from quality.services import reviews as svc
from tests.factories import TEST_PASSWORD, EngagementFactory
from tests.quality.factories import deliverable, new_version

pytestmark = pytest.mark.django_db


def _api(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_the_whole_review_through_the_api(
    version, consultant, discipline_lead, project_manager, technical_director
):
    """QC-1, QC-2, X-2 over the API; then the release check says allowed (ENG-10)."""
    r = _api(consultant).post(reverse("api:review-submit", args=[version.pk]))
    assert r.status_code == 201, r.content
    level1 = r.json()["levels"][0]["id"]
    r = _api(discipline_lead).post(
        reverse("api:review-finding-add", args=[level1]),
        {"location": "第2章", "severity": "major", "description": "结论缺少依据"},
        format="json",
    )
    assert r.status_code == 201, r.content
    finding = r.json()["id"]
    assert (
        _api(discipline_lead).post(reverse("api:review-return", args=[level1])).status_code == 200
    )
    r = _api(consultant).post(
        reverse("api:review-finding-answer", args=[finding]),
        {"answer": "已补充依据"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "answered"
    r = _api(discipline_lead).post(
        reverse("api:review-finding-recheck", args=[finding]), {"accepted": True}, format="json"
    )
    assert r.json()["status"] == "closed"
    r = _api(discipline_lead).post(
        reverse("api:review-sign", args=[level1]), {"password": "wrong"}, format="json"
    )
    assert r.status_code == 400 and not Signature.objects.exists()
    r = _api(discipline_lead).post(
        reverse("api:review-sign", args=[level1]), {"password": TEST_PASSWORD}, format="json"
    )
    assert r.status_code == 201 and r.json()["meaning"] == "checked"
    assert r.json()["printed_name"] == str(discipline_lead)
    sheet = _api(consultant).get(reverse("api:review-version", args=[version.pk])).json()
    for signer, position in ((project_manager, 1), (technical_director, 2)):
        level = sheet["levels"][position]["id"]
        r = _api(signer).post(
            reverse("api:review-sign", args=[level]), {"password": TEST_PASSWORD}, format="json"
        )
        assert r.status_code == 201, r.content
    sheet = _api(consultant).get(reverse("api:review-version", args=[version.pk])).json()
    assert sheet["review"]["status"] == "passed"
    engagement = version.document.engagement
    check = _api(project_manager).get(reverse("api:review-release-check", args=[engagement.pk]))
    assert check.json() == {"allowed": True, "blocking": []}
    r = _api(project_manager).post(
        reverse("api:review-defect", args=[version.pk]),
        {"defect_source": "client", "description": "数据口径错误"},
        format="json",
    )
    assert r.status_code == 201 and len(r.json()["responsible"]) == 3  # QC-4


def test_refusals_answer_409_and_403_with_a_reason(version, consultant, project_manager):
    """QC-1 order → 409; QC-3 self-review → 403; SEC-23 bad input → 400, nothing saved."""
    review = svc.review_submit(actor=consultant, version=version)
    level2 = review.levels.get(position=2).pk
    r = _api(project_manager).post(
        reverse("api:review-sign", args=[level2]), {"password": TEST_PASSWORD}, format="json"
    )
    assert r.status_code == 409 and r.json()["error"]["message"]
    level1 = review.levels.get(position=1).pk
    r = _api(consultant).post(
        reverse("api:review-finding-add", args=[level1]),
        {"location": "x", "severity": "minor", "description": "y"},
        format="json",
    )
    assert r.status_code == 403
    r = _api(project_manager).post(
        reverse("api:review-finding-add", args=[level1]),
        {"location": "x", "severity": "nonsense", "description": "y"},
        format="json",
    )
    assert r.status_code == 400


def test_sec_2_other_engagements_answer_404_and_clients_403(
    version, consultant, client_user, other_client_user, outsider
):
    """SEC-2: a version of an engagement the user cannot see is 404; client users 403."""
    other = EngagementFactory()
    doc = deliverable(engagement=other, author=outsider)
    hidden = new_version(doc, author=outsider)
    urls = [
        ("get", reverse("api:review-version", args=[hidden.pk])),
        ("post", reverse("api:review-submit", args=[hidden.pk])),
        ("post", reverse("api:review-defect", args=[hidden.pk])),
    ]
    for method, url in urls:
        assert getattr(_api(consultant), method)(url).status_code == 404
        assert getattr(_api(client_user), method)(url).status_code == 403
        assert getattr(_api(), method)(url).status_code in (401, 403)
    assert _api(client_user).get(reverse("api:review-inbox")).status_code == 403
    assert _api(outsider).get(reverse("api:review-inbox")).status_code == 403


def test_sec_4_status_and_signer_cannot_be_written(version, consultant, discipline_lead):
    """SEC-4: extra keys are ignored: the signer is always the actor, status via services."""
    review = svc.review_submit(actor=consultant, version=version)
    level1 = review.levels.get(position=1).pk
    r = _api(discipline_lead).post(
        reverse("api:review-sign", args=[level1]),
        {"password": TEST_PASSWORD, "signer": consultant.pk, "printed_name": "别人"},
        format="json",
    )
    assert r.status_code == 201
    assert r.json()["signer"] == discipline_lead.pk
    assert r.json()["printed_name"] == str(discipline_lead)


def test_the_inbox_api_runs_a_fixed_number_of_queries(
    team, consultant, qa_manager, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for _ in range(n):
            doc = deliverable(engagement=team, author=consultant)
            svc.review_submit(actor=consultant, version=new_version(doc, author=consultant))

    add(2)
    with django_assert_max_num_queries(12) as small:
        r = _api(qa_manager).get(reverse("api:review-inbox"))
    assert len(r.json()["all"]) == 2
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        r = _api(qa_manager).get(reverse("api:review-inbox"))
    assert len(r.json()["all"]) == 12
