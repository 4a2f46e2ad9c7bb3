"""Early warning (RSK-6): indicators with thresholds per firm and per engagement, evaluated
by the periodic sweep; a crossing warns once until it clears, and the clearing is recorded."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from core.models import Notification
from engagements.models.plan import Milestone
from engagements.selectors.kpis import engagement_kpis
from risk.indicators import INDICATORS, cost_overrun, register_indicator, schedule_deviation
from risk.models import EarlyWarning, IndicatorThreshold
from risk.services.warnings import early_warning_sweep
from risk.tasks import early_warning_sweep as sweep_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(engagement_a):
    engagement_a.stage = "execution"
    engagement_a.save()
    return engagement_a


def _late_milestone(engagement, days_late: int = 3) -> Milestone:
    return Milestone.objects.create(
        engagement=engagement,
        phase="research",
        title="调研完成",
        planned_date=timezone.localdate() - timedelta(days=days_late),
    )


def test_rsk6_schedule_and_cost_indicators_match_the_engagement_kpis(running) -> None:  # RSK-6
    _late_milestone(running)
    Milestone.objects.create(
        engagement=running,
        phase="analysis",
        title="on time",
        planned_date=timezone.localdate() - timedelta(days=5),
        actual_date=timezone.localdate() - timedelta(days=5),
    )
    running.budget = Decimal("1000")
    running.save()
    kpis = engagement_kpis(engagement=running)
    assert schedule_deviation()[running.pk] == kpis.schedule_deviation.value == Decimal("0.5")
    assert cost_overrun()[running.pk] == kpis.cost_overrun.value == Decimal("-1")


def test_rsk6_crossing_warns_once_across_repeated_sweeps_until_it_clears(
    running, project_manager
) -> None:  # RSK-6
    milestone = _late_milestone(running)
    for _sweep in range(4):
        early_warning_sweep()
    warnings = EarlyWarning.objects.filter(indicator="schedule_deviation", engagement=running)
    assert warnings.count() == 1 and warnings.get().cleared_at is None
    notes = Notification.objects.filter(recipient=project_manager, kind="risk_warning")
    assert notes.count() == 1

    milestone.actual_date = milestone.planned_date  # done on time after all
    milestone.save()
    result = early_warning_sweep()
    assert result.cleared == 1
    cleared = warnings.get()
    assert cleared.cleared_at is not None and cleared.cleared_value == Decimal("0")
    early_warning_sweep()
    assert notes.count() == 1  # clearing raises no second warning…
    cleared_notes = Notification.objects.filter(
        recipient=project_manager, kind="risk_warning_cleared"
    )
    assert cleared_notes.count() == 1  # …and tells the PM once that it cleared

    milestone.actual_date = None
    milestone.save()
    early_warning_sweep()
    early_warning_sweep()
    assert warnings.count() == 2 and notes.count() == 2  # a new crossing warns once more


def test_rsk6_engagement_threshold_overrides_the_firms(running) -> None:  # RSK-6
    _late_milestone(running)  # 100 % late
    IndicatorThreshold.objects.create(indicator="schedule_deviation", threshold=Decimal("0.5"))
    IndicatorThreshold.objects.create(
        indicator="schedule_deviation", engagement=running, threshold=Decimal("1.0")
    )
    early_warning_sweep()
    assert not EarlyWarning.objects.exists()
    IndicatorThreshold.objects.filter(engagement=running).delete()
    early_warning_sweep()
    assert EarlyWarning.objects.get().threshold == Decimal("0.5")


def test_rsk6_other_apps_register_indicators_including_firm_wide_ones(
    qa_manager,
) -> None:  # RSK-6
    register_indicator(
        "test_csat",
        "CSAT",
        lambda: {None: Decimal("0.82")},
        worse="below",
        default_threshold=lambda: Decimal("0.90"),
    )
    try:
        early_warning_sweep()
        early_warning_sweep()
    finally:
        INDICATORS.pop("test_csat")
    warning = EarlyWarning.objects.get(indicator="test_csat")
    assert warning.engagement is None and warning.scope_key == "firm"
    assert Notification.objects.filter(recipient=qa_manager, kind="risk_warning").count() == 1


def test_rsk6_the_sweep_is_a_static_beat_entry_and_a_thin_task(running) -> None:  # RSK-6
    entry = settings.CELERY_BEAT_SCHEDULE["risk-early-warning-sweep"]
    assert entry["task"] == sweep_task.name
    _late_milestone(running)
    sweep_task.apply()
    sweep_task.apply()
    assert EarlyWarning.objects.count() == 1


def test_rsk6_sweep_runs_a_fixed_number_of_queries(
    client_a, project_manager, django_assert_max_num_queries
) -> None:  # RSK-6
    from tests.factories import EngagementFactory

    def add(n: int) -> None:
        for _i in range(n):
            engagement = EngagementFactory(
                client=client_a, project_manager=project_manager, stage="execution"
            )
            _late_milestone(engagement)

    add(2)
    early_warning_sweep()
    # Nothing new: one query per registered indicator (other apps add theirs), thresholds,
    # open warnings, one refresh.
    with django_assert_max_num_queries(8 + len(INDICATORS)) as small:
        early_warning_sweep()
    add(6)
    early_warning_sweep()
    with django_assert_max_num_queries(len(small.captured_queries)):
        early_warning_sweep()
