"""API defaults: one error format, token auth, /api/me/ language preference (X-4, X-5)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_me_shows_the_user_and_roles(api, project_manager) -> None:
    api.force_authenticate(project_manager)
    body = api.get("/api/me/").json()
    assert body["username"] == "project_manager"
    assert body["roles"] == ["project_manager"]
    assert body["language"] == "zh-hans"


def test_token_authentication_works(api, consultant) -> None:
    token = Token.objects.create(user=consultant)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/me/").status_code == 200


def test_setting_the_language_through_the_api_is_the_browser_switch_twin(
    api, consultant
) -> None:
    api.force_authenticate(consultant)
    response = api.patch("/api/me/", {"language": "en"}, format="json")
    assert response.status_code == 200
    consultant.refresh_from_db()
    assert consultant.language == "en"


def test_bad_input_gets_one_translated_error_format_and_changes_nothing(
    api, consultant
) -> None:  # SEC-23
    api.force_authenticate(consultant)
    response = api.patch(
        "/api/me/", {"language": "klingon"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "提交的数据无效。"
    assert "language" in error["fields"]
    consultant.refresh_from_db()
    assert consultant.language == "zh-hans"


def test_read_only_fields_cannot_be_written(api, consultant) -> None:  # SEC-4
    api.force_authenticate(consultant)
    api.patch("/api/me/", {"language": "en", "username": "root", "roles": ["admin"]}, format="json")
    consultant.refresh_from_db()
    assert consultant.username == "consultant"
    assert not consultant.has_role("admin")


def test_a_missing_object_answers_404_in_the_error_format(api, consultant) -> None:
    api.force_authenticate(consultant)
    response = api.get("/api/engagements/999999/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
