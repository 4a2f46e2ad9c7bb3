"""Hostile query strings get a clear 4xx, never a query that overflows (SEC-23); found by the
schemathesis run and kept here as plain regression tests."""

from __future__ import annotations

import base64

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(admin_user) -> APIClient:
    client = APIClient()
    client.force_authenticate(admin_user)
    return client


@pytest.mark.parametrize("value", ["1e300", "0.5", "-3", "99999999999999999999", "abc"])
def test_id_filters_refuse_what_is_not_an_id(api, value) -> None:
    # SEC-23
    response = api.get("/api/engagements/", {"client": value})
    assert response.status_code == 400
    assert "client" in response.json()["error"]["fields"]


def test_a_valid_id_filter_still_filters(api, engagement_a, engagement_b) -> None:
    rows = api.get("/api/engagements/", {"client": engagement_a.client_id}).json()["results"]
    assert [row["id"] for row in rows] == [engagement_a.pk]


@pytest.mark.parametrize("position", ["99999999999999999999999", "-1", "x"])
def test_a_forged_cursor_is_an_invalid_cursor(api, position) -> None:
    # SEC-23
    cursor = base64.b64encode(f"p={position}".encode()).decode()
    response = api.get("/api/engagements/", {"cursor": cursor})
    assert response.status_code == 404


def test_actions_on_one_engagement_ignore_list_filters(api, engagement_a) -> None:
    # A list filter in the query string must not turn an existing engagement into a 404.
    response = api.get(
        f"/api/engagements/{engagement_a.pk}/transitions/", {"stage": "closed", "client": "7"}
    )
    assert response.status_code == 200
