"""Engagement visibility by role and tenant (SEC-2, CRM-2) and constant query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import EngagementFactory

pytestmark = pytest.mark.django_db


def test_a_client_user_sees_only_their_organisation(
    client_user, engagement_a, engagement_b
) -> None:  # SEC-2
    api = APIClient()
    api.force_authenticate(client_user)
    ids = [row["id"] for row in api.get("/api/engagements/").json()["results"]]
    assert ids == [engagement_a.pk]
    assert api.get(f"/api/engagements/{engagement_b.pk}/").status_code == 404
    assert api.get(f"/api/clients/{engagement_b.client_id}/").status_code == 404


def test_the_portal_answers_404_for_another_clients_engagement(
    client, client_user, engagement_a, engagement_b
) -> None:  # SEC-2, CRM-2
    client.force_login(client_user)
    assert client.get(f"/portal/engagements/{engagement_a.pk}/").status_code == 200
    assert client.get(f"/portal/engagements/{engagement_b.pk}/").status_code == 404


def test_a_consultant_sees_only_engagements_they_work_on(
    client, consultant, engagement_a, engagement_b
) -> None:
    client.force_login(consultant)
    assert client.get(f"/engagements/{engagement_a.pk}/").status_code == 200
    assert client.get(f"/engagements/{engagement_b.pk}/").status_code == 404


def test_the_api_list_is_scoped_by_membership_and_filters_on_client_fields(
    consultant, project_manager, admin_user, engagement_a, engagement_b
) -> None:  # P1, SEC-2
    """The list's plain-row query keeps the role/membership scope and the filters that join
    the client (search by client name, industry)."""
    api = APIClient()
    api.force_authenticate(consultant)
    assert [r["id"] for r in api.get("/api/engagements/").json()["results"]] == [engagement_a.pk]
    api.force_authenticate(project_manager)
    assert [r["id"] for r in api.get("/api/engagements/").json()["results"]] == [engagement_a.pk]
    name = engagement_b.client.name
    api.force_authenticate(admin_user)
    found = api.get("/api/engagements/", {"q": name}).json()["results"]
    assert engagement_b.pk in [r["id"] for r in found]
    assert engagement_a.pk not in [r["id"] for r in found]
    assert {r["client_name"] for r in found} == {name}
    found = api.get("/api/engagements/", {"industry": engagement_b.client.industry[:2]})
    assert engagement_b.pk in [r["id"] for r in found.json()["results"]]
    assert api.get("/api/engagements/", {"industry": "no such"}).json()["results"] == []


def test_oversight_roles_see_every_engagement(
    client, qa_manager, engagement_a, engagement_b
) -> None:
    client.force_login(qa_manager)
    assert client.get(f"/engagements/{engagement_b.pk}/").status_code == 200


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
        assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/engagements/", "/", "/clients/", "/staff/"])
def test_list_pages_use_the_same_number_of_queries_whatever_the_data(
    client, admin_user, path
) -> None:  # P1
    client.force_login(admin_user)
    EngagementFactory.create_batch(2, project_manager=admin_user)
    few = _queries(lambda: client.get(path))
    EngagementFactory.create_batch(20, project_manager=admin_user)
    assert _queries(lambda: client.get(path)) == few


def test_the_engagement_api_uses_the_same_number_of_queries_whatever_the_page_size(
    admin_user,
) -> None:  # P1
    api = APIClient()
    api.force_login(admin_user)  # a session, so each request loads the user as in real use
    EngagementFactory.create_batch(60, project_manager=admin_user)
    counts = {
        size: _queries(lambda s=size: api.get(f"/api/engagements/?page_size={s}"))
        for size in (10, 50, 200)
    }
    assert counts[10] == counts[50] == counts[200] <= 8


def test_the_list_fast_path_gives_exactly_what_the_serializer_gives(
    admin_user, engagement_a
) -> None:  # P1
    from engagements.models import Engagement
    from tests.factories import UserFactory

    nameless = UserFactory(username="nameless", display_name="", first_name="Li", last_name="Wei")
    Engagement.objects.filter(pk=engagement_a.pk).update(project_manager=nameless)
    api = APIClient()
    api.force_authenticate(admin_user)
    listed = api.get("/api/engagements/").json()["results"][0]
    assert listed == api.get(f"/api/engagements/{engagement_a.pk}/").json()
    assert listed["project_manager_name"] == "Li Wei"
