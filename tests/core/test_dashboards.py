"""Role dashboards and their SVG charts: each role sees its own figures, the charts are
accessible and escaped, in Chinese and English (X-4), and a dashboard's query count stays
within 10 whatever the data size (P8 is measured in bench/p8_dashboards.py)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core import charts
from core.dashboards import panels
from core.dashboards.services import dashboard_figures_refresh
from core.models import MonthlyFigure
from engagements.choices import Stage
from engagements.models.plan import Milestone
from tests.factories import EngagementFactory

pytestmark = pytest.mark.django_db


def test_charts_are_accessible_svg_with_escaped_labels() -> None:
    svg = charts.bar_chart(
        title="审计<等级>",
        desc="desc & more",
        labels=["优秀", "<script>"],
        series=[charts.Series("数量", [3, 0])],
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title id=" in svg and "<desc id=" in svg
    assert "审计&lt;等级&gt;" in svg and "&lt;script&gt;" in svg and "<script>" not in svg
    assert "style=" not in svg  # the CSP refuses inline styles
    line = charts.line_chart(
        title="满意度",
        desc="d",
        labels=["1月", "2月", "3月"],
        series=[charts.Series("满意 %", [80.0, None, 90.0])],
        target=85,
        y_max=100,
    )
    assert "<polyline" not in line  # a missing month leaves a gap, not a false line
    assert "1月" in line and ">90</text>" in line
    heat = charts.heat_map(
        title="风险",
        desc="d",
        row_labels=["高", "低"],
        column_labels=["轻微", "严重"],
        cells=[[charts.HeatCell(2, "#dc3545"), charts.HeatCell(0, "#198754")]] * 2,
    )
    assert heat.count("<rect") == 4 and ">2</text>" in heat


def _milestone(engagement, owner, days: int) -> Milestone:
    return Milestone.objects.create(
        engagement=engagement,
        phase="execution",
        title=f"里程碑{days}",
        planned_date=timezone.localdate() + timedelta(days=days),
        owner=owner,
    )


def test_a_consultant_sees_their_milestones_and_overdue_items(client, consultant, engagement_a):
    _milestone(engagement_a, consultant, -3)
    _milestone(engagement_a, consultant, 5)
    client.force_login(consultant)
    body = client.get(reverse("home")).content.decode()
    assert 'data-kind="consultant"' in body
    assert "里程碑-3" in body and "里程碑5" in body
    assert 'data-testid="milestones-overdue"' in body


def test_each_role_gets_its_dashboard(client, consultant, project_manager, qa_manager, admin_user):
    for user, kind in [
        (consultant, "consultant"),
        (project_manager, "pm"),
        (qa_manager, "qa"),
        (admin_user, "admin"),
    ]:
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200
        assert f'data-kind="{kind}"' in response.content.decode()
    # A role's view can't be opened by someone without it: the default is shown instead.
    client.force_login(consultant)
    assert 'data-kind="consultant"' in client.get("/?view=admin").content.decode()


def test_client_users_go_to_the_portal(client, client_user) -> None:
    client.force_login(client_user)
    assert client.get(reverse("home"))["Location"] == reverse("portal:home")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_dashboard_charts_follow_the_language(client, admin_user, language: str) -> None:
    """X-4: chart titles and month labels in the user's language."""
    EngagementFactory()
    dashboard_figures_refresh()
    admin_user.language = language
    admin_user.save(update_fields=["language"])
    client.force_login(admin_user)
    body = client.get(reverse("home")).content.decode()
    with translation.override(language):
        assert str(panels.DASHBOARDS["admin"]) in body
        assert '<title id="chart-' in body
        month = panels.month_label(timezone.localdate().replace(day=1))
    assert month in body
    if language == "zh-hans":
        assert "月</text>" in body


def test_figures_refresh_is_idempotent(admin_user) -> None:
    EngagementFactory.create_batch(3)
    dashboard_figures_refresh()
    dashboard_figures_refresh()
    row = MonthlyFigure.objects.get(metric="engagements")
    assert row.count == 3


def _grow(size: int, users) -> None:
    """Data behind every widget, ``size`` times over."""
    from django.contrib.contenttypes.models import ContentType

    from core.models import SlaClock, SlaPolicy

    consultant, project_manager = users
    policy = SlaPolicy.objects.first()
    ct = ContentType.objects.get_for_model(Milestone)
    now = timezone.now()
    for i in range(size):
        e: Any = EngagementFactory(
            project_manager=project_manager, stage=Stage.EXECUTION, budget=Decimal("1000")
        )
        e.members.add(consultant)
        _milestone(e, consultant, i - size // 2)
        if policy:
            SlaClock.objects.create(
                policy=policy,
                content_type=ct,
                object_id=e.pk,
                owner=consultant,
                state=SlaClock.State.RUNNING,
                started_at=now - timedelta(days=3),
                due_at=now - timedelta(hours=1 + i),
                target_minutes=60,
            )
    dashboard_figures_refresh(full=True)


@pytest.mark.parametrize("size", [2, 12])
def test_dashboard_query_count_stays_within_ten(
    client,
    consultant,
    project_manager,
    qa_manager,
    admin_user,
    size,
    django_assert_max_num_queries,
) -> None:
    """P8: ≤ 10 queries per dashboard, at two data sizes."""
    _grow(size, (consultant, project_manager))
    for user in (consultant, project_manager, qa_manager, admin_user):
        client.force_login(user)
        with django_assert_max_num_queries(10):
            assert client.get(reverse("home")).status_code == 200
