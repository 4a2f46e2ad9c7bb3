"""The client portal (CRM-2) and its tenant matrix (SEC-2, SEC-3): every portal page and
every clients API endpoint, for the owner, another client's user, staff and anonymous
visitors. Another client's object answers 404 exactly like a missing one."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from clients.models import Complaint, Survey
from clients.services import complaints as svc
from clients.services.consents import consent_grant
from engagements.choices import Stage
from tests.clients.conftest import pdf
from tests.engagements.test_closing import request_round, walk
from tests.factories import TEST_PASSWORD, EngagementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users, client_user, client_a, project_manager):
    """Client A's engagement in acceptance with a pending round, a complaint with a file, a
    survey waiting and a consent; all of it belongs to client A."""
    from clients.models import SurveyTemplate
    from engagements.services import lifecycle

    engagement = lifecycle.engagement_intake(
        actor=project_manager,
        client=client_a,
        title="门户项目",
        service_type="management",
        source="market_research",
    )
    engagement = walk(Stage.ACCEPTANCE, engagement, users)
    pending = request_round(engagement, project_manager)
    complaint = svc.complaint_submit(
        actor=client_user,
        nature="service",
        subject="甲方投诉",
        description="内容",
        engagement_id=engagement.pk,
        files=[pdf()],
    )
    consent = consent_grant(
        actor=client_user, person=client_user, purpose="surveys", channel="portal"
    )
    from django.utils import timezone

    survey = Survey.objects.create(
        template=SurveyTemplate.objects.get(code="acceptance"),
        engagement=engagement,
        client=client_a,
        recipient=client_user,
        occasion="acceptance",
        period="",
        status="sent",
        token_nonce="n" * 32,
        expires_at=timezone.now() + timezone.timedelta(days=3),
    )
    return {
        "engagement": engagement,
        "round": pending,
        "complaint": complaint,
        "attachment": complaint.attachments.get(),
        "survey": survey,
        "consent": consent,
    }


def portal_urls(w) -> list[tuple[str, str, dict]]:
    c, a = w["complaint"], w["attachment"]
    return [
        ("get", reverse("portal:engagement", args=[w["engagement"].pk]), {}),
        ("get", reverse("portal:verdict", args=[w["round"].pk]), {}),
        (
            "post",
            reverse("portal:verdict", args=[w["round"].pk]),
            {"verdict": "pass", "password": TEST_PASSWORD},
        ),
        ("get", reverse("portal:complaint", args=[c.pk]), {}),
        ("post", reverse("portal:complaint_reply", args=[c.pk]), {"reply-body": "x"}),
        ("post", reverse("portal:complaint_confirm", args=[c.pk]), {}),
        ("post", reverse("portal:complaint_reopen", args=[c.pk]), {"reopen-reason": "x"}),
        ("get", reverse("portal:complaint_attachment", args=[c.pk, a.pk]), {}),
        ("get", reverse("portal:survey", args=[w["survey"].pk]), {}),
        ("post", reverse("portal:survey", args=[w["survey"].pk]), {}),
        ("post", reverse("portal:consent_withdraw", args=[w["consent"].pk]), {}),
    ]


def api_urls(w) -> list[tuple[str, str, dict]]:
    c, a = w["complaint"], w["attachment"]
    return [
        ("get", reverse("api:clients-complaint", args=[c.pk]), {}),
        ("post", reverse("api:clients-complaint-replies", args=[c.pk]), {"body": "x"}),
        ("post", reverse("api:clients-complaint-confirm", args=[c.pk]), {}),
        ("post", reverse("api:clients-complaint-reopen", args=[c.pk]), {"reason": "x"}),
        ("post", reverse("api:clients-complaint-attachments", args=[c.pk]), {}),
        ("get", reverse("api:clients-complaint-attachment", args=[c.pk, a.pk]), {}),
        ("get", reverse("api:clients-survey", args=[w["survey"].pk]), {}),
        (
            "post",
            reverse("api:clients-survey-answer", args=[w["survey"].pk]),
            {"scores": [], "comment": ""},
        ),
        ("post", reverse("api:clients-consent-withdraw", args=[w["consent"].pk]), {}),
        ("get", reverse("api:client-detail", args=[w["engagement"].client_id]), {}),
        ("get", reverse("api:acceptance", args=[w["round"].pk]), {}),
        (
            "post",
            reverse("api:acceptance-verdict", args=[w["round"].pk]),
            {"verdict": "pass", "password": TEST_PASSWORD},
        ),
    ]


def test_another_client_gets_404_on_every_portal_page_and_nothing_changes(
    client, world, other_client_user
):
    """SEC-2 matrix: client B on each of client A's objects, every method → 404."""
    client.force_login(other_client_user)
    for method, url, data in portal_urls(world):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url, response.status_code)
    world["complaint"].refresh_from_db()
    assert world["complaint"].status == "submitted" and world["complaint"].replies.count() == 0
    world["round"].refresh_from_db()
    assert world["round"].status == "pending"
    world["consent"].refresh_from_db()
    assert world["consent"].withdrawn_at is None


def test_another_client_gets_404_on_every_api_endpoint(world, other_client_user):
    """SEC-2 matrix over the API twins (and the ENG-11 endpoints the portal reuses)."""
    api = APIClient()
    api.force_authenticate(other_client_user)
    for method, url, data in api_urls(world):
        response = getattr(api, method)(url, data, format="json")
        assert response.status_code == 404, (method, url, response.status_code)
    assert Survey.objects.get().status == "sent"


def test_the_owner_reaches_every_portal_page(client, world, client_user):
    client.force_login(client_user)
    for name in ("home", "complaints", "complaint_new", "surveys", "profile"):
        assert client.get(reverse(f"portal:{name}")).status_code == 200, name
    for method, url, _data in portal_urls(world):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_anonymous_visitors_and_staff_are_kept_out_of_the_portal(client, world, qa_manager):
    """SEC-1: anonymous → login; the portal is for client users (staff → 403)."""
    urls = [reverse("portal:home"), reverse("portal:complaints"), reverse("portal:profile")]
    urls += [url for method, url, _ in portal_urls(world) if method == "get"]
    for url in urls:
        assert client.get(url).status_code == 302, url
    client.force_login(qa_manager)
    for url in urls:
        assert client.get(url).status_code == 403, url
    api = APIClient()
    for method, url, data in api_urls(world):
        assert getattr(api, method)(url, data, format="json").status_code in (401, 403), url


def test_lists_show_only_the_own_organisations_records(client, world, other_client_user, client_b):
    """CRM-2: client B's lists hold none of client A's engagements, complaints or surveys."""
    EngagementFactory(client=client_b, title="乙方自己的项目")
    api = APIClient()
    api.force_authenticate(other_client_user)
    assert api.get(reverse("api:clients-complaint-list")).json()["results"] == []
    assert api.get(reverse("api:clients-survey-list")).json()["results"] == []
    client.force_login(other_client_user)
    home = client.get(reverse("portal:home")).content.decode()
    assert "乙方自己的项目" in home and "门户项目" not in home
    assert "甲方投诉" not in client.get(reverse("portal:complaints")).content.decode()


def test_a_client_user_gives_the_acceptance_verdict_in_the_portal(client, world, client_user):
    """ENG-11 portal side: fail needs reasons; the verdict is signed with the password."""
    client.force_login(client_user)
    url = reverse("portal:verdict", args=[world["round"].pk])
    refused = client.post(url, {"verdict": "fail", "reasons": "", "password": TEST_PASSWORD})
    assert refused.status_code == 400
    wrong = client.post(url, {"verdict": "pass", "password": "wrong-password"})
    assert wrong.status_code in (400, 403)
    done = client.post(url, {"verdict": "fail", "reasons": "缺少附录", "password": TEST_PASSWORD})
    assert done.status_code == 302
    world["round"].refresh_from_db()
    assert world["round"].status == "failed" and world["round"].verdict_by == client_user


def test_a_complaint_names_only_the_own_organisations_engagement(client, world, other_client_user):
    """SEC-3 through the page and the API: client B cannot file against A's engagement."""
    client.force_login(other_client_user)
    response = client.post(
        reverse("portal:complaint_new"),
        {
            "engagement": world["engagement"].pk,
            "nature": "other",
            "subject": "x",
            "description": "y",
        },
    )
    assert response.status_code == 400
    api = APIClient()
    api.force_authenticate(other_client_user)
    response = api.post(
        reverse("api:clients-complaint-list"),
        {
            "engagement": world["engagement"].pk,
            "nature": "other",
            "subject": "x",
            "description": "y",
        },
        format="json",
    )
    assert response.status_code == 400 and "engagement" in response.json()["error"]["fields"]
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize("size", [3, 12])
def test_portal_lists_run_a_fixed_number_of_queries(
    client, client_user, client_a, size, django_assert_max_num_queries
):
    """Query counts do not grow with the data (portal home, complaints, surveys)."""
    for _ in range(size):
        EngagementFactory(client=client_a)
        svc.complaint_submit(actor=client_user, nature="other", subject="s", description="d")
    client.force_login(client_user)
    for name in ("home", "complaints", "surveys", "profile"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(f"portal:{name}")).status_code == 200


@pytest.mark.parametrize("size", [3, 12])
def test_staff_complaint_list_runs_a_fixed_number_of_queries(
    client, client_user, qa_manager, size, django_assert_max_num_queries
):
    for _ in range(size):
        svc.complaint_submit(actor=client_user, nature="other", subject="s", description="d")
    client.force_login(qa_manager)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("clients:complaints")).status_code == 200
    api = APIClient()
    api.force_authenticate(qa_manager)
    with django_assert_max_num_queries(8):
        assert api.get(reverse("api:clients-complaint-list")).status_code == 200
