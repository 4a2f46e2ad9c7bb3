"""The risk API, twin of the pages (X-5): raise, strategy, review, history, incidents,
warnings; scoping (SEC-2, SEC-3), read-only fields (SEC-4) and query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from risk.models import Incident, Risk, RiskCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _raise(api, engagement, category, **extra):
    data = {
        "engagement": engagement.pk if engagement else None,
        "title": "关键顾问离职",
        "category": category.pk,
        "method": "brainstorming",
        "likelihood": "high",
        "impact": "severe",
    }
    data.update(extra)
    return api.post(reverse("api:risk-list"), data, format="json")


def test_rsk3_raising_through_the_api_answers_the_suggested_strategy(
    api, engagement_a, project_manager, category
) -> None:  # RSK-1 RSK-2 RSK-3
    api.force_authenticate(project_manager)
    response = _raise(api, engagement_a, category)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["suggested_strategy"], body["level"]["code"], body["priority"]) == (
        "avoid",
        "high",
        1,
    )
    pk = body["id"]
    refused = api.post(
        reverse("api:risk-strategy", args=[pk]), {"strategy": "accept"}, format="json"
    )
    assert refused.status_code == 400
    chosen = api.post(
        reverse("api:risk-strategy", args=[pk]),
        {"strategy": "transfer", "transfer_mode": "subcontract"},
        format="json",
    )
    assert chosen.status_code == 200 and chosen.json()["strategy"] == "transfer"
    action = api.post(
        reverse("api:risk-actions", args=[pk]),
        {
            "description": "签订分包协议",
            "owner": project_manager.pk,
            "due_date": str(timezone.localdate() + timedelta(days=5)),
        },
        format="json",
    )
    assert action.status_code == 200 and len(action.json()["actions"]) == 1
    done = api.post(reverse("api:risk-action-done", args=[action.json()["actions"][0]["id"]]))
    assert done.status_code == 200 and done.json()["done_at"]


def test_rsk4_review_and_history_through_the_api(
    api, engagement_a, project_manager, category
) -> None:  # RSK-4
    api.force_authenticate(project_manager)
    pk = _raise(api, engagement_a, category).json()["id"]
    review = api.post(
        reverse("api:risk-review", args=[pk]),
        {"likelihood": "low", "impact": "minor", "note": "已落实"},
        format="json",
    )
    assert review.status_code == 200 and review.json()["level"]["code"] == "low"
    history = api.get(reverse("api:risk-history", args=[pk])).json()
    assert [h["level"]["code"] for h in history if h["level_changed"]] == ["high", "low"]


def test_rsk2_heat_map_and_matrix_endpoints(
    api, engagement_a, project_manager, admin_user, category
) -> None:  # RSK-2
    api.force_authenticate(project_manager)
    _raise(api, engagement_a, category)
    heat = api.get(reverse("api:risk-heat-map"), {"engagement": engagement_a.pk}).json()
    assert heat["total"] == 1 and heat["rows"][0]["cells"][0]["count"] == 1
    matrix = api.get(reverse("api:risk-matrix")).json()
    assert len(matrix) == 12
    cell = matrix[0]
    assert (
        api.patch(
            reverse("api:risk-matrix-cell", args=[cell["id"]]),
            {"level": cell["level"]["id"], "priority": 2, "suggested_strategy": "mitigate"},
            format="json",
        ).status_code
        == 403
    )
    api.force_authenticate(admin_user)
    patched = api.patch(
        reverse("api:risk-matrix-cell", args=[cell["id"]]),
        {
            "level": cell["level"]["id"],
            "priority": 2,
            "suggested_strategy": "mitigate",
            "colour": "#654321",
        },
        format="json",
    )
    assert patched.status_code == 200 and patched.json()["display_colour"] == "#654321"


def test_foreign_and_client_access_is_refused(
    api, engagement_b, project_manager, qa_manager, client_user, category
) -> None:  # SEC-2 SEC-3
    api.force_authenticate(qa_manager)
    pk = _raise(api, engagement_b, category).json()["id"]
    api.force_authenticate(project_manager)
    assert api.get(reverse("api:risk-detail", args=[pk])).status_code == 404
    assert api.post(reverse("api:risk-close", args=[pk]), {"reason": "x"}).status_code == 404
    assert _raise(api, engagement_b, category).status_code == 404
    assert pk not in [r["id"] for r in api.get(reverse("api:risk-list")).json()["results"]]
    api.force_authenticate(client_user)
    assert api.get(reverse("api:risk-list")).status_code == 403
    api.force_authenticate(None)
    assert api.get(reverse("api:risk-list")).status_code in (401, 403)


def test_read_only_fields_are_ignored_on_update(
    api, engagement_a, project_manager, category
) -> None:  # SEC-4
    api.force_authenticate(project_manager)
    pk = _raise(api, engagement_a, category).json()["id"]
    response = api.put(
        reverse("api:risk-detail", args=[pk]),
        {
            "title": "改名",
            "category": category.pk,
            "owner": project_manager.pk,
            "level": 99,
            "status": "closed",
            "suggested_strategy": "accept",
        },
        format="json",
    )
    assert response.status_code == 200
    risk = Risk.objects.get(pk=pk)
    assert (risk.title, risk.status, risk.suggested_strategy) == ("改名", "open", "avoid")


def test_rsk5_incident_lifecycle_through_the_api(
    api, engagement_a, project_manager
) -> None:  # RSK-5
    api.force_authenticate(project_manager)
    category = RiskCategory.objects.get(code="personnel")
    created = api.post(
        reverse("api:risk-incidents"),
        {
            "engagement": engagement_a.pk,
            "category": category.pk,
            "title": "项目经理突发疾病",
            "description": "需紧急指定接替人员",
            "severity": "major",
        },
        format="json",
    )
    assert created.status_code == 201
    body = created.json()
    pk = body["id"]
    for step in body["steps"]:
        r = api.post(
            reverse("api:risk-incident-step-done", args=[pk, step["id"]]), {}, format="json"
        )
        assert r.status_code == 200
    assert api.post(reverse("api:risk-incident-resolve", args=[pk]), {}).status_code == 200
    closed = api.post(
        reverse("api:risk-incident-review", args=[pk]),
        {
            "root_cause": "无备份人员",
            "lessons": "关键岗位设AB角",
            "improvements": [{"description": "建立AB角制度"}],
        },
        format="json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert [e["kind"] for e in closed.json()["events"]][-1] == "reviewed"
    assert Incident.objects.get(pk=pk).improvements[0]["description"] == "建立AB角制度"


def test_rsk6_warnings_indicators_and_thresholds_endpoints(
    api, engagement_a, project_manager
) -> None:  # RSK-6
    api.force_authenticate(project_manager)
    keys = {i["key"] for i in api.get(reverse("api:risk-indicators")).json()}
    assert {"schedule_deviation", "cost_overrun"} <= keys
    firm = api.post(
        reverse("api:risk-thresholds"),
        {"indicator": "cost_overrun", "threshold": "0.2"},
        format="json",
    )
    assert firm.status_code == 403  # the firm's threshold is for oversight roles
    own = api.post(
        reverse("api:risk-thresholds"),
        {"indicator": "cost_overrun", "engagement": engagement_a.pk, "threshold": "0.2"},
        format="json",
    )
    assert own.status_code == 200
    assert api.get(reverse("api:risk-warnings")).status_code == 200


@pytest.mark.parametrize(
    "name", ["api:risk-list", "api:risk-incidents", "api:risk-warnings", "api:risk-plans"]
)
def test_api_lists_do_not_grow_queries(
    api, engagement_a, project_manager, qa_manager, raise_risk, name, django_assert_max_num_queries
) -> None:  # RSK-1 RSK-5 RSK-6
    from risk.services.incidents import incident_report

    def add(n: int) -> None:
        for i in range(n):
            raise_risk(project_manager, engagement_a, title=f"r{i}")
            incident_report(
                actor=project_manager,
                engagement_id=engagement_a.pk,
                category_id=RiskCategory.objects.all()[0].pk,
                title=f"i{i}",
                description="x",
                severity="minor",
            )

    api.force_authenticate(qa_manager)
    add(2)
    with django_assert_max_num_queries(15) as small:
        assert api.get(reverse(name)).status_code == 200
    add(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert api.get(reverse(name)).status_code == 200


def test_rsk4_an_owner_without_a_risk_role_sees_only_their_risks_through_the_api(
    api, raise_risk, engagement_a, project_manager, consultant, qa_manager
) -> None:  # RSK-4 SEC-2
    mine = raise_risk(project_manager, engagement_a, owner_id=consultant.pk)
    raise_risk(qa_manager, None, title="他人的风险")
    api.force_authenticate(consultant)
    ids = [r["id"] for r in api.get(reverse("api:risk-list")).json()["results"]]
    assert ids == [mine.pk]
    assert api.get(reverse("api:risk-incidents")).json()["results"] == []
    assert api.get(reverse("api:risk-plans")).json()["results"] == []
    reviewed = api.post(
        reverse("api:risk-review", args=[mine.pk]),
        {"likelihood": "low", "impact": "general"},
        format="json",
    )
    assert reviewed.status_code == 200
