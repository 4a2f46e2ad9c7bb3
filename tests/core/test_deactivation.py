"""SEC-6: deactivating a user or removing a role takes effect on the very next request, on
pages, on the API with a session and on the API with a token."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from staff.choices import Role

pytestmark = pytest.mark.django_db


def test_a_deactivated_users_api_token_is_refused_at_once(consultant) -> None:
    # SEC-6
    token = Token.objects.create(user=consultant)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/engagements/").status_code == 200
    consultant.is_active = False
    consultant.save(update_fields=["is_active"])
    response = api.get("/api/engagements/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_deactivated_users_api_session_is_refused_at_once(client, consultant) -> None:
    # SEC-6
    client.force_login(consultant)
    assert client.get("/api/me/", HTTP_ACCEPT="application/json").status_code == 200
    consultant.is_active = False
    consultant.save(update_fields=["is_active"])
    assert client.get("/api/me/", HTTP_ACCEPT="application/json").status_code in (401, 403)
    assert client.get("/engagements/").status_code == 302


def test_a_deactivated_client_user_is_out_of_the_portal_at_once(client, client_user) -> None:
    # SEC-6
    client.force_login(client_user)
    assert client.get("/portal/").status_code == 200
    client_user.is_active = False
    client_user.save(update_fields=["is_active"])
    response = client.get("/portal/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("via", ["session", "token"])
def test_removing_a_role_takes_effect_on_the_next_request(client, qa_manager, via) -> None:
    # SEC-6: the QA manager's audit list, then the role is taken away.
    api = APIClient()
    if via == "token":
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=qa_manager).key}")
    else:
        api.force_login(qa_manager)
    client.force_login(qa_manager)
    assert client.get("/quality/audits/").status_code == 200
    assert api.get("/api/quality/audits/").status_code == 200
    qa_manager.groups.remove(Group.objects.get(name=Role.QA_MANAGER))
    assert client.get("/quality/audits/").status_code == 403
    assert api.get("/api/quality/audits/").status_code == 403
