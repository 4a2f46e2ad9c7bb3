"""Review pages: inbox and version page, the flow through the forms, permissions (SEC-1,
SEC-2) and fixed query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quality.choices import LevelStatus, ReviewStatus
from quality.models import Finding, VersionReview
from quality.services import reviews as svc
from tests.factories import TEST_PASSWORD, EngagementFactory
from tests.quality.factories import deliverable, new_version

pytestmark = pytest.mark.django_db


def test_the_quality_index_links_to_the_inbox(client, qa_manager):
    client.force_login(qa_manager)
    body = client.get(reverse("quality:index")).content.decode()
    assert reverse("quality:review_inbox") in body


def test_qc_2_the_flow_through_the_pages(
    client, version, consultant, discipline_lead, project_manager, technical_director
):
    """QC-2, X-2: submit, finding, return, answer, re-check, sign with the password dialog."""
    page = reverse("quality:review_version", args=[version.pk])
    client.force_login(consultant)
    assert "review-submit" in client.get(page).content.decode()
    client.post(reverse("quality:review_submit", args=[version.pk]))
    review = VersionReview.objects.get(version=version)
    level = review.levels.get(position=1)
    client.force_login(discipline_lead)
    inbox = client.get(reverse("quality:review_inbox")).content.decode()
    assert version.document.code in inbox
    client.post(
        reverse("quality:review_finding_add", args=[level.pk]),
        {"location": "第1章", "severity": "minor", "description": "错别字"},
    )
    client.post(reverse("quality:review_return", args=[level.pk]))
    finding = Finding.objects.get()
    client.force_login(consultant)
    assert "answer-form" in client.get(page).content.decode()
    client.post(reverse("quality:review_finding_answer", args=[finding.pk]), {"answer": "已改正"})
    client.force_login(discipline_lead)
    client.post(reverse("quality:review_finding_recheck", args=[finding.pk]), {"accepted": "true"})
    response = client.post(
        reverse("quality:review_sign", args=[level.pk]), {"password": "wrong"}, follow=True
    )
    level.refresh_from_db()
    assert level.status == LevelStatus.RECHECK
    client.post(reverse("quality:review_sign", args=[level.pk]), {"password": TEST_PASSWORD})
    level.refresh_from_db()
    assert level.status == LevelStatus.SIGNED
    for user, position in ((project_manager, 2), (technical_director, 3)):
        client.force_login(user)
        lv = review.levels.get(position=position)
        response = client.post(
            reverse("quality:review_sign", args=[lv.pk]), {"password": TEST_PASSWORD}, follow=True
        )
        assert response.status_code == 200
    review.refresh_from_db()
    assert review.status == ReviewStatus.PASSED
    body = client.get(page).content.decode()
    assert "UTC" in body and str(discipline_lead) in body  # SEC-11: name, UTC time, meaning


def test_sec_2_pages_are_scoped(client, consultant, outsider, client_user):
    """SEC-1, SEC-2: another engagement's version is 404; clients and anonymous are kept out."""
    other = EngagementFactory()
    doc = deliverable(engagement=other, author=outsider)
    hidden = new_version(doc, author=outsider)
    page = reverse("quality:review_version", args=[hidden.pk])
    client.force_login(consultant)
    assert client.get(page).status_code == 404
    assert client.post(reverse("quality:review_submit", args=[hidden.pk])).status_code == 404
    client.force_login(client_user)
    assert client.get(page).status_code == 403
    assert client.get(reverse("quality:review_inbox")).status_code == 403
    client.logout()
    assert client.get(reverse("quality:review_inbox")).status_code == 302


def test_the_inbox_page_runs_a_fixed_number_of_queries(
    client, team, consultant, qa_manager, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for _ in range(n):
            doc = deliverable(engagement=team, author=consultant)
            svc.review_submit(actor=consultant, version=new_version(doc, author=consultant))

    client.force_login(qa_manager)
    add(2)
    with django_assert_max_num_queries(30) as small:
        assert client.get(reverse("quality:review_inbox")).status_code == 200
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("quality:review_inbox")).status_code == 200


def test_the_version_page_runs_a_fixed_number_of_queries(
    client, version, consultant, discipline_lead, django_assert_max_num_queries
):
    review = svc.review_submit(actor=consultant, version=version)
    level = review.levels.get(position=1)
    svc.finding_raise(
        actor=discipline_lead, level_id=level.pk, location="a", severity="minor", description="b"
    )
    client.force_login(discipline_lead)
    page = reverse("quality:review_version", args=[version.pk])
    with django_assert_max_num_queries(40) as small:
        client.get(page)
    for i in range(8):
        svc.finding_raise(
            actor=discipline_lead,
            level_id=level.pk,
            location=f"p{i}",
            severity="minor",
            description="c",
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(page)
