"""Audit, KPI, action, initiative, case and report pages and their API twins: who may see
and do what (SEC-1, SEC-2, SEC-3), the QA journey through the pages (QC-6…QC-9), and query
counts that do not grow with the data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from quality.models import Audit, CaseEntry, ChecklistTemplate, CorrectiveAction
from quality.services import audits as audit_svc
from quality.services import improvement as imp_svc
from tests.factories import EngagementFactory, UserFactory
from tests.quality.test_audits import _plan, _score

pytestmark = pytest.mark.django_db

PAGES = [
    "quality:audit_list",
    "quality:annual_results",
    "quality:kpi_dashboard",
    "quality:action_list",
    "quality:initiative_list",
    "quality:case_list",
    "quality:quality_report",
    "quality:index",
]
API = [
    "api:quality-audit-list",
    "api:quality-kpi-list",
    "api:quality-action-list",
    "api:quality-initiative-list",
    "api:quality-case-list",
    "api:quality-report",
    "api:quality-checklist-list",
]


def _api(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


@pytest.mark.parametrize("name", PAGES)
def test_pages_answer_staff_and_refuse_others_sec1(
    client, name, qa_manager, project_manager, client_user, outsider
):
    url = reverse(name)
    assert client.get(url).status_code == 302  # anonymous → login
    for user in (client_user, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403
    for user in (qa_manager, project_manager):
        client.force_login(user)
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", API)
def test_api_answers_staff_and_refuses_others_sec1(name, qa_manager, client_user, outsider):
    url = reverse(name)
    assert _api().get(url).status_code in (401, 403)
    assert _api(client_user).get(url).status_code == 403
    assert _api(outsider).get(url).status_code == 403
    assert _api(qa_manager).get(url).status_code == 200


def test_qa_plans_scores_and_the_team_replies_through_the_pages_qc6_qc7_qc9(
    client, qa_manager, project_manager, engagement_a
):
    engagement_a.stage = "execution"
    engagement_a.save(update_fields=["stage"])
    client.force_login(qa_manager)
    template = ChecklistTemplate.objects.get(code="standard")
    response = client.post(
        reverse("quality:audit_plan"),
        {
            "kind": "scheduled",
            "title": "季度检查",
            "planned_date": timezone.localdate().isoformat(),
            "template": template.pk,
            "engagements": [engagement_a.pk],
        },
    )
    audit = Audit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == audit.get_absolute_url()
    entry = audit.entries.get()
    data = {}
    for criterion in template.criteria.all():
        data[f"p{criterion.pk}"] = str(
            (criterion.weight * Decimal("0.7")).quantize(Decimal("0.01"))
        )
        data[f"n{criterion.pk}"] = ""
    assert client.post(reverse("quality:entry_score", args=[entry.pk]), data).status_code == 302
    page = client.get(audit.get_absolute_url()).content.decode()
    assert "70.00" in page
    assert 'data-testid="grade"' in page
    client.post(reverse("quality:entry_opinion", args=[entry.pk]), {"opinion": "请补充记录"})
    client.force_login(project_manager)
    page = client.get(audit.get_absolute_url()).content.decode()
    assert 'data-testid="reply-link"' in page
    response = client.post(reverse("quality:entry_reply", args=[entry.pk]), {"reply": "已补充"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.reply == "已补充"


def test_a_refused_score_shows_the_reason_and_saves_nothing_sec23(client, qa_manager, engagement_a):
    client.force_login(qa_manager)
    audit = _plan(qa_manager, [engagement_a])
    entry = audit.entries.get()
    template = audit.template
    data = {f"p{c.pk}": str(c.weight + 5) for c in template.criteria.all()}
    response = client.post(reverse("quality:entry_score", args=[entry.pk]), data)
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.score is None


def test_another_teams_audit_answers_404_sec2(client, qa_manager, project_manager, client_b):
    other = EngagementFactory(client=client_b)
    audit = _plan(qa_manager, [other])
    client.force_login(project_manager)
    assert client.get(audit.get_absolute_url()).status_code == 404
    assert (
        _api(project_manager).get(reverse("api:quality-audit-detail", args=[audit.pk])).status_code
        == 404
    )


def test_api_plan_score_conclude_reply_qc6_qc8_qc9(qa_manager, project_manager, engagement_a):
    api = _api(qa_manager)
    response = api.post(
        reverse("api:quality-audit-list"),
        {
            "kind": "spot_check",
            "title": "抽查",
            "planned_date": timezone.localdate().isoformat(),
            "engagements": [engagement_a.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    audit_id = response.json()["id"]
    entry_id = response.json()["entries"][0]["id"]
    sheet = api.get(reverse("api:quality-audit-entry", args=[entry_id])).json()["sheet"]
    scores = [{"criterion": r["criterion_id"], "points": r["weight"]} for r in sheet]
    response = api.post(
        reverse("api:quality-audit-entry-score", args=[entry_id]), {"scores": scores}, format="json"
    )
    assert response.json()["score"] == "100.00"
    assert response.json()["grade"] == "excellent"
    response = api.post(reverse("api:quality-audit-conclude", args=[audit_id]))
    assert response.json()["conclusion_grade"] == "excellent"
    api.post(
        reverse("api:quality-audit-entry-opinion", args=[entry_id]),
        {"opinion": "好"},
        format="json",
    )
    response = _api(project_manager).post(
        reverse("api:quality-audit-entry-reply", args=[entry_id]), {"reply": "收到"}, format="json"
    )
    assert response.status_code == 200
    # A second reply is a conflict, not a 500 (SEC-23).
    response = _api(project_manager).post(
        reverse("api:quality-audit-entry-reply", args=[entry_id]), {"reply": "再次"}, format="json"
    )
    assert response.status_code == 409


def test_api_refuses_an_engagement_the_user_cannot_see_sec3(project_manager, client_b, qa_manager):
    foreign = EngagementFactory(client=client_b)
    response = _api(project_manager).post(
        reverse("api:quality-action-list"),
        {
            "title": "x",
            "source_kind": "other",
            "source_text": "x",
            "engagement": foreign.pk,
            "owner": project_manager.pk,
        },
        format="json",
    )
    assert response.status_code == 404
    assert not CorrectiveAction.objects.exists()


def test_api_action_pdca_and_fields_are_read_only_sec4(
    qa_manager, project_manager, technical_director
):
    response = _api(qa_manager).post(
        reverse("api:quality-action-list"),
        {
            "title": "整改",
            "source_kind": "complaint",
            "source_text": "客户投诉",
            "owner": project_manager.pk,
            "stage": "closed",
        },
        format="json",
    )
    assert response.status_code == 201
    action_id = response.json()["id"]
    assert response.json()["stage"] == "plan"
    pm = _api(project_manager)
    pm.post(reverse("api:quality-action-plan", args=[action_id]), {"note": "措施"}, format="json")
    pm.post(reverse("api:quality-action-do", args=[action_id]), {"note": "已做"}, format="json")
    response = pm.post(
        reverse("api:quality-action-verify", args=[action_id]),
        {"effective": True, "note": "自评"},
        format="json",
    )
    assert response.status_code == 403
    _api(technical_director).post(
        reverse("api:quality-action-verify", args=[action_id]),
        {"effective": True, "note": "有效"},
        format="json",
    )
    response = _api(qa_manager).post(reverse("api:quality-action-close", args=[action_id]))
    assert response.json()["stage"] == "closed"


def test_kpi_dashboard_and_api_evaluate_qc12(client, qa_manager, project_manager):
    response = _api(qa_manager).post(reverse("api:quality-kpi-evaluate"))
    assert response.status_code == 200
    assert response.json()["evaluated"] >= 8
    assert _api(project_manager).post(reverse("api:quality-kpi-evaluate")).status_code == 403
    client.force_login(qa_manager)
    page = client.get(reverse("quality:kpi_dashboard")).content.decode()
    assert 'data-testid="kpi-csat"' in page


def test_case_search_api_imp3(qa_manager, client_a):
    closed = EngagementFactory(client=client_a, stage="closed")
    response = _api(qa_manager).post(
        reverse("api:quality-case-list"),
        {"engagement": closed.pk, "summary": "总结", "lessons": "经验教训"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert CaseEntry.objects.count() == 1
    rows = _api(qa_manager).get(reverse("api:quality-case-list"), {"q": "经验"}).json()["results"]
    assert len(rows) == 1


def test_report_page_and_api_qc14(client, qa_manager, engagement_a):
    audit = _plan(qa_manager, [engagement_a])
    _score(qa_manager, audit.entries.get(), "55")
    audit_svc.audit_conclude(actor=qa_manager, audit=audit)
    client.force_login(qa_manager)
    page = client.get(reverse("quality:quality_report")).content.decode()
    assert 'data-testid="report-lowest"' in page
    data = _api(qa_manager).get(reverse("api:quality-report")).json()
    assert data["grade_distribution"] == {"unqualified": 1}


# --- query counts do not grow with the data ----------------------------------------------------


def _make(n, qa, pm, client_org):
    for i in range(n):
        engagement = EngagementFactory(client=client_org, project_manager=pm, stage="closed")
        audit = _plan(qa, [engagement])
        _score(qa, audit.entries.get(), "70")
        audit_svc.audit_conclude(actor=qa, audit=audit)
        imp_svc.action_open(
            source_kind="other", source_text=f"问题{i}", engagement=engagement, owner=pm, actor=qa
        )
        imp_svc.initiative_create(actor=qa, title=f"改进{i}", owner=pm)
        imp_svc.case_create(actor=qa, engagement=engagement, summary="s", lessons="l")


@pytest.mark.parametrize(
    "name",
    [
        "quality:audit_list",
        "quality:action_list",
        "quality:initiative_list",
        "quality:case_list",
        "quality:kpi_dashboard",
        "quality:annual_results",
        "quality:quality_report",
    ],
)
def test_list_pages_query_count_does_not_grow(
    client, django_assert_max_num_queries, name, qa_manager, client_a
):
    pm = UserFactory(username="pm-q", roles=["project_manager"])
    client.force_login(qa_manager)
    _make(2, qa_manager, pm, client_a)
    with django_assert_max_num_queries(40) as small:
        assert client.get(reverse(name)).status_code == 200
    _make(8, qa_manager, pm, client_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize(
    "name",
    ["api:quality-audit-list", "api:quality-action-list", "api:quality-case-list"],
)
def test_api_lists_query_count_does_not_grow(
    django_assert_max_num_queries, name, qa_manager, client_a
):
    pm = UserFactory(username="pm-q", roles=["project_manager"])
    api = _api(qa_manager)
    _make(2, qa_manager, pm, client_a)
    with django_assert_max_num_queries(30) as small:
        assert api.get(reverse(name)).status_code == 200
    _make(8, qa_manager, pm, client_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert api.get(reverse(name)).status_code == 200
