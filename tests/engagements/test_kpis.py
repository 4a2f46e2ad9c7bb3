"""Monitoring KPIs per engagement, computed in SQL, against the firm's thresholds (ENG-9)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from engagements.models import MonitoringSettings
from engagements.models.plan import Milestone
from engagements.selectors.kpis import engagement_kpis
from engagements.services import lifecycle as svc
from engagements.services import plan

pytestmark = pytest.mark.django_db


def _milestone(engagement, title: str, planned: date, actual: date | None = None) -> Milestone:
    return Milestone.objects.create(
        engagement=engagement,
        phase="research",
        title=title,
        planned_date=planned,
        actual_date=actual,
    )


def test_schedule_deviation_counts_late_milestones_among_those_due(engagement_a) -> None:  # ENG-9
    today = timezone.localdate()
    _milestone(engagement_a, "on time", today - timedelta(days=9), today - timedelta(days=9))
    _milestone(engagement_a, "done late", today - timedelta(days=8), today - timedelta(days=2))
    _milestone(engagement_a, "overdue", today - timedelta(days=1))
    _milestone(engagement_a, "not due yet", today + timedelta(days=5))
    kpi = engagement_kpis(engagement=engagement_a).schedule_deviation
    assert kpi.value == Decimal("0.6667") and kpi.detail == "2/3"
    assert kpi.breached  # default warning at 10 %


def test_cost_overrun_uses_hours_at_the_firms_rate_plus_expenses(
    engagement_a, project_manager, consultant
) -> None:  # ENG-9
    plan.team_member_add(
        actor=project_manager,
        engagement_id=engagement_a.pk,
        user_id=consultant.pk,
        role="consultant",
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    plan.time_log(
        actor=consultant, engagement_id=engagement_a.pk, day=yesterday, hours=Decimal("8")
    )
    plan.expense_log(
        actor=consultant,
        engagement_id=engagement_a.pk,
        day=yesterday,
        kind="travel",
        amount=Decimal("1000"),
    )
    assert engagement_kpis(engagement=engagement_a).cost_overrun.value is None  # no budget yet
    engagement_a = svc.engagement_set_budget(
        actor=project_manager, engagement=engagement_a, budget=Decimal("4500")
    )
    kpis = engagement_kpis(engagement=engagement_a)
    assert kpis.actual_cost == Decimal("5000.00")  # 8 h × 500 + 1000
    assert kpis.cost_overrun.value == Decimal("0.1111") and kpis.cost_overrun.breached
    MonitoringSettings.objects.update_or_create(
        pk=1, defaults={"cost_overrun_warning": 20, "hourly_cost_rate": Decimal("400")}
    )
    kpis = engagement_kpis(engagement=engagement_a)
    assert kpis.actual_cost == Decimal("4200.00") and not kpis.cost_overrun.breached


def test_kpis_take_a_constant_number_of_queries(engagement_a) -> None:
    with CaptureQueriesContext(connection) as few:
        engagement_kpis(engagement=engagement_a)
    for n in range(30):
        _milestone(engagement_a, f"m{n}", timezone.localdate() - timedelta(days=n))
    with CaptureQueriesContext(connection) as many:
        engagement_kpis(engagement=engagement_a)
    assert len(few.captured_queries) == len(many.captured_queries) <= 4


def test_the_page_and_the_api_show_the_kpis(
    client, project_manager, engagement_a
) -> None:  # ENG-9, X-5
    _milestone(engagement_a, "overdue", timezone.localdate() - timedelta(days=3))
    client.force_login(project_manager)
    html = client.get(f"/engagements/{engagement_a.pk}/").content.decode()
    assert 'data-testid="kpis"' in html and "100%" in html
    assert (
        client.post(f"/engagements/{engagement_a.pk}/budget/", {"budget": "-5"}).status_code == 400
    )
    api = APIClient()
    api.force_authenticate(project_manager)
    assert (
        api.post(
            f"/api/engagements/{engagement_a.pk}/budget/", {"budget": "20000.00"}, format="json"
        ).status_code
        == 200
    )
    body = api.get(f"/api/engagements/{engagement_a.pk}/kpis/").json()
    assert body["schedule_deviation"]["breached"] is True and body["budget"] == "20000.00"
