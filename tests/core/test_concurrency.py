"""Stale edits through the API are refused with 412 and change nothing (SEC-15)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from engagements.models import Requirements
from engagements.services.lifecycle import requirements_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(project_manager) -> APIClient:
    client = APIClient()
    client.force_authenticate(project_manager)
    return client


@pytest.fixture
def url(engagement_a, project_manager) -> str:
    requirements_save(
        actor=project_manager, engagement=engagement_a, background="初稿背景", goals="初稿目标"
    )
    return f"/api/engagements/{engagement_a.pk}/requirements/"


def test_an_edit_based_on_an_older_copy_is_refused_with_412(api, url, engagement_a) -> None:
    # SEC-15
    first = api.get(url)
    tag = first["ETag"]
    assert tag and first.json()["background"] == "初稿背景"

    saved = api.put(url, {"background": "甲的修改", "goals": "g"}, format="json", HTTP_IF_MATCH=tag)
    assert saved.status_code == 200
    assert saved["ETag"] != tag

    stale = api.put(url, {"background": "乙的修改", "goals": "g"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    body = stale.json()["error"]
    assert body["code"] == "stale" and "重新加载" in body["message"]
    assert Requirements.objects.get(engagement=engagement_a).background == "甲的修改"


def test_the_current_tag_and_a_wildcard_are_accepted(api, url) -> None:
    # SEC-15
    tag = api.get(url)["ETag"]
    ok = api.put(url, {"background": "b1", "goals": "g"}, format="json", HTTP_IF_MATCH=tag)
    assert ok.status_code == 200
    wildcard = api.put(url, {"background": "b2", "goals": "g"}, format="json", HTTP_IF_MATCH="*")
    assert wildcard.status_code == 200


def test_a_wildcard_on_a_record_that_does_not_exist_yet_is_refused(api, engagement_a) -> None:
    # SEC-15: If-Match: * means "only if it exists"; without the header the first save works.
    url = f"/api/engagements/{engagement_a.pk}/requirements/"
    data = {"background": "b", "goals": "g"}
    refused = api.put(url, data, format="json", HTTP_IF_MATCH="*")
    assert refused.status_code == 412
    assert not Requirements.objects.filter(engagement=engagement_a).exists()
    assert api.put(url, data, format="json").status_code == 200
