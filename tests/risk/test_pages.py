"""The risk pages: who sees them, raising a risk in the browser form, the engagement link,
and query counts that do not grow with the data (RSK-1, RSK-2, RSK-3, RSK-5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from risk.models import Risk

pytestmark = pytest.mark.django_db


def test_rsk2_index_shows_the_firm_heat_map_for_the_risk_roles(
    client, raise_risk, engagement_a, project_manager, qa_manager, consultant, client_user
) -> None:  # RSK-2
    raise_risk(project_manager, engagement_a, likelihood="high", impact="severe")
    client.force_login(qa_manager)
    page = client.get(reverse("risk:index"))
    assert page.status_code == 200
    assert b'data-testid="heat-high-severe" data-count="1"' in page.content
    for user in (consultant, client_user):
        client.force_login(user)
        assert client.get(reverse("risk:index")).status_code == 403
    client.logout()
    assert client.get(reverse("risk:index")).status_code == 302


def test_rsk1_pm_raises_a_risk_from_the_engagement_register_and_sees_the_suggestion(
    client, engagement_a, project_manager, category
) -> None:  # RSK-1 RSK-3
    client.force_login(project_manager)
    url = reverse("risk:raise") + f"?engagement={engagement_a.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "客户数据延迟",
            "category": category.pk,
            "method": "brainstorming",
            "likelihood": "high",
            "impact": "severe",
            "owner": project_manager.pk,
        },
    )
    risk = Risk.objects.get(title="客户数据延迟")
    assert response.status_code == 302 and response["Location"] == risk.get_absolute_url()
    detail = client.get(risk.get_absolute_url())
    assert detail.status_code == 200 and risk.suggested_strategy == "avoid"
    assert risk.get_suggested_strategy_display().encode() in detail.content
    suggestion = client.get(reverse("risk:suggest"), {"likelihood": "low", "impact": "minor"})
    assert b"suggested-strategy" in suggestion.content


def test_foreign_engagement_register_answers_404(
    client, engagement_b, project_manager
) -> None:  # RSK-1 SEC-2
    client.force_login(project_manager)
    assert client.get(reverse("risk:engagement", args=[engagement_b.pk])).status_code == 404
    assert client.get(reverse("risk:raise") + f"?engagement={engagement_b.pk}").status_code == 404


def test_foreign_risk_answers_404(client, raise_risk, engagement_b, qa_manager, project_manager):
    risk = raise_risk(qa_manager, engagement_b)
    client.force_login(project_manager)
    assert client.get(risk.get_absolute_url()).status_code == 404


def test_engagement_page_links_to_its_risk_register(
    client, engagement_a, project_manager
) -> None:  # RSK-1
    client.force_login(project_manager)
    page = client.get(reverse("engagements:detail", args=[engagement_a.pk]))
    assert reverse("risk:engagement", args=[engagement_a.pk]).encode() in page.content


def test_matrix_stylesheet_carries_the_admin_colours(client, qa_manager) -> None:  # RSK-2
    client.force_login(qa_manager)
    css = client.get(reverse("risk:matrix-css"))
    assert css["Content-Type"].startswith("text/css")
    assert b".risk-cell-high-severe{background-color:#dc3545" in css.content


@pytest.mark.parametrize("url_name", ["risk:index", "risk:firm", "risk:incidents", "risk:plans"])
def test_list_pages_do_not_grow_queries_with_data(
    client,
    raise_risk,
    engagement_a,
    project_manager,
    qa_manager,
    url_name,
    django_assert_max_num_queries,
) -> None:  # RSK-1 RSK-5
    from risk.services.incidents import incident_report

    def add(n: int) -> None:
        for i in range(n):
            raise_risk(qa_manager, None, title=f"firm {i}")
            raise_risk(project_manager, engagement_a, title=f"eng {i}")
            incident_report(
                actor=qa_manager,
                engagement_id=engagement_a.pk,
                category_id=Risk.objects.all()[0].category_id,
                title=f"incident {i}",
                description="x",
                severity="minor",
            )

    client.force_login(qa_manager)
    add(2)
    with django_assert_max_num_queries(20) as small:
        assert client.get(reverse(url_name)).status_code == 200
    add(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_engagement_register_queries_do_not_grow(
    client, raise_risk, engagement_a, project_manager, django_assert_max_num_queries
) -> None:  # RSK-1
    client.force_login(project_manager)
    url = reverse("risk:engagement", args=[engagement_a.pk])
    raise_risk(project_manager, engagement_a)
    with django_assert_max_num_queries(25) as small:
        client.get(url)
    for i in range(8):
        raise_risk(project_manager, engagement_a, title=f"r{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_rsk4_an_owner_without_a_risk_role_follows_the_alert_to_their_risk_and_reviews_it(
    client, raise_risk, engagement_a, project_manager, consultant, qa_manager
) -> None:  # RSK-4
    mine = raise_risk(project_manager, engagement_a, owner_id=consultant.pk)
    other = raise_risk(qa_manager, None, title="他人的风险")
    client.force_login(consultant)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("risk:index")).status_code == 403
    response = client.post(
        reverse("risk:risk-action", args=[mine.pk, "review"]),
        {"likelihood": "low", "impact": "minor", "note": "已缓解"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.last_reviewed_at is not None and mine.level.code == "low"
    # …but choosing the strategy stays with the managers.
    client.post(reverse("risk:risk-action", args=[mine.pk, "strategy"]), {"strategy": "avoid"})
    mine.refresh_from_db()
    assert mine.strategy == ""
