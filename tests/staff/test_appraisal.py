"""Appraisal: computed figures in SQL from dated records, reproducible for a past period and
frozen when finalised; OKR goals, assessment and interviews (STF-3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from core.exceptions import ConflictError, ForbiddenError
from engagements.models import Milestone
from staff.appraisal import FIGURES, compute_figures, register_figure
from staff.models import Appraisal
from staff.services import appraisal as svc

pytestmark = pytest.mark.django_db

H1 = (date(2026, 1, 1), date(2026, 6, 30))


def _milestone(engagement, owner, title, planned, actual=None):
    return Milestone.objects.create(
        engagement=engagement,
        phase="research",
        title=title,
        planned_date=planned,
        actual_date=actual,
        owner=owner,
    )


@pytest.fixture
def milestones(engagement_a, consultant):
    _milestone(engagement_a, consultant, "a", date(2026, 2, 1), date(2026, 1, 30))
    _milestone(engagement_a, consultant, "b", date(2026, 3, 1), date(2026, 3, 1))
    _milestone(engagement_a, consultant, "c", date(2026, 4, 1), date(2026, 4, 9))  # late
    _milestone(engagement_a, consultant, "d", date(2026, 5, 1))  # never done
    _milestone(engagement_a, consultant, "outside", date(2026, 8, 1), date(2026, 8, 1))
    return engagement_a


def test_the_engagement_figures_are_computed_in_sql_for_the_period(
    milestones, consultant, django_assert_max_num_queries
) -> None:
    # STF-3: on-time milestones and milestones owned, from dated records
    # One query per figure, whatever the data (quality and clients register theirs too, and
    # the CSAT figure reads its firm setting first).
    with django_assert_max_num_queries(len(FIGURES) + 1):
        figures = compute_figures(consultant, *H1)
    assert figures["engagements.on_time_milestones"]["value"] == "50.0"
    assert figures["engagements.milestones_owned"]["value"] == 4
    source = figures["engagements.on_time_milestones"]["source_url"]
    assert source.startswith(reverse("staff:figure_milestones", args=[consultant.pk]))
    assert "start=2026-01-01" in source and "end=2026-06-30" in source


def test_no_milestones_due_reads_no_data_rather_than_zero(consultant) -> None:
    # STF-3
    figures = compute_figures(consultant, *H1)
    assert figures["engagements.on_time_milestones"]["value"] is None


def test_other_apps_register_their_figures(consultant) -> None:
    # STF-3: the registry other apps (quality, clients) use
    def csat(user, start, end):
        return Decimal("4.5")

    register_figure("test.csat", "CSAT", csat, "/clients/csat/", unit="/5", order=999)
    try:
        figures = compute_figures(consultant, *H1)
        assert figures["test.csat"] == {
            "label": "CSAT",
            "value": "4.5",
            "unit": "/5",
            "source_url": "/clients/csat/",
        }
        assert list(figures)[-1] == "test.csat"
    finally:
        FIGURES.pop("test.csat")


def _ready(qa_manager, consultant) -> Appraisal:
    appraisal = svc.appraisal_open(
        actor=qa_manager, user_id=consultant.pk, period_start=H1[0], period_end=H1[1]
    )
    svc.goal_add(
        actor=qa_manager,
        appraisal_id=appraisal.pk,
        objective="准时交付",
        key_results="准时率 90%",
        weight=50,
        score=Decimal("0.8"),
    )
    svc.appraisal_assess(
        actor=qa_manager, appraisal_id=appraisal.pk, rating="good", assessment="表现良好"
    )
    svc.interview_record(
        actor=qa_manager, appraisal_id=appraisal.pk, held_on=date(2026, 7, 5), notes="面谈记录"
    )
    return appraisal


def test_finalising_stores_the_figures_and_later_changes_do_not_alter_them(
    milestones, qa_manager, consultant
) -> None:
    # STF-3: reproducible for a past period; snapshot stored when finalised
    appraisal = _ready(qa_manager, consultant)
    appraisal = svc.appraisal_finalise(actor=qa_manager, appraisal_id=appraisal.pk)
    assert appraisal.figures["engagements.on_time_milestones"]["value"] == "50.0"
    # Computing the past period again gives the same answer…
    assert compute_figures(consultant, *H1) == appraisal.figures
    # …and a later record does not touch the agreed appraisal.
    _milestone(milestones, consultant, "late entry", date(2026, 6, 1), date(2026, 6, 1))
    appraisal.refresh_from_db()
    assert appraisal.figures["engagements.milestones_owned"]["value"] == 4
    with pytest.raises(ConflictError):
        svc.goal_add(actor=qa_manager, appraisal_id=appraisal.pk, objective="x")


def test_finalising_needs_an_assessment_and_an_interview(qa_manager, consultant) -> None:
    # STF-3: performance interviews recorded
    appraisal = svc.appraisal_open(
        actor=qa_manager, user_id=consultant.pk, period_start=H1[0], period_end=H1[1]
    )
    with pytest.raises(Exception):  # noqa: B017 - the rating is missing (400)
        svc.appraisal_finalise(actor=qa_manager, appraisal_id=appraisal.pk)
    svc.appraisal_assess(
        actor=qa_manager, appraisal_id=appraisal.pk, rating="good", assessment="好"
    )
    with pytest.raises(ConflictError):
        svc.appraisal_finalise(actor=qa_manager, appraisal_id=appraisal.pk)


def test_nobody_appraises_themselves_and_a_second_appraisal_for_a_period_is_refused(
    qa_manager, consultant
) -> None:
    # STF-3
    with pytest.raises(ForbiddenError):
        svc.appraisal_open(
            actor=qa_manager, user_id=qa_manager.pk, period_start=H1[0], period_end=H1[1]
        )
    svc.appraisal_open(
        actor=qa_manager, user_id=consultant.pk, period_start=H1[0], period_end=H1[1]
    )
    with pytest.raises(ConflictError):
        svc.appraisal_open(
            actor=qa_manager, user_id=consultant.pk, period_start=H1[0], period_end=H1[1]
        )


def test_the_appraisal_page_shows_each_figure_with_its_source(
    client, milestones, qa_manager, consultant
) -> None:
    # STF-3
    appraisal = _ready(qa_manager, consultant)
    client.force_login(qa_manager)
    html = client.get(reverse("staff:appraisal", args=[appraisal.pk])).content.decode()
    assert 'data-key="engagements.on_time_milestones"' in html
    assert "50.0%" in html
    assert reverse("staff:figure_milestones", args=[consultant.pk]) in html
    source = client.get(
        reverse("staff:figure_milestones", args=[consultant.pk])
        + "?start=2026-01-01&end=2026-06-30"
    )
    assert source.status_code == 200 and "outside" not in source.content.decode()

    api = client.get(f"/api/staff/appraisals/{appraisal.pk}/").json()
    keys = {f["key"]: f for f in api["figures"]}
    assert keys["engagements.milestones_owned"]["value"] == 4
    assert keys["engagements.on_time_milestones"]["source_url"].startswith("/staff/people/")
    client.force_login(consultant)  # the person sees their own appraisal
    assert client.get(reverse("staff:appraisal", args=[appraisal.pk])).status_code == 200
