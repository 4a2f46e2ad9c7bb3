"""SEC-16: every change to a domain record is in its history, also on the paths that write
several rows at once (review levels created together, a year's ranking replaced)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from quality.models import AnnualResult, LevelReview
from quality.services import audits as audit_svc
from quality.services import reviews
from tests.factories import EngagementFactory
from tests.quality.test_audits import _plan, _score

pytestmark = pytest.mark.django_db


def test_submitting_a_version_records_each_new_level_in_its_history(version, consultant):
    # SEC-16: the levels are inserted in one statement, each with its own history row.
    review = reviews.review_submit(actor=consultant, version=version)
    levels = list(review.levels.all())
    assert len(levels) >= 3
    created = LevelReview.history.filter(id__in=[lv.pk for lv in levels], history_type="+")
    assert created.count() == len(levels)
    assert {h.history_user_id for h in created} == {consultant.pk}


def test_republishing_the_annual_ranking_records_the_replaced_rows(
    qa_manager, client_a, project_manager
):
    # SEC-16: the year's old rows are deleted with a history row each, under the actor.
    year = timezone.localdate().year
    engagement = EngagementFactory(client=client_a, project_manager=project_manager)
    audit = _plan(qa_manager, [engagement], planned_date=date(year, 3, 1))
    _score(qa_manager, audit.entries.get(), "80")
    audit_svc.audit_conclude(actor=qa_manager, audit=audit)
    (first,) = audit_svc.annual_results_publish(actor=qa_manager, year=year)
    (second,) = audit_svc.annual_results_publish(actor=qa_manager, year=year)
    assert not AnnualResult.objects.filter(pk=first.pk).exists()
    deleted = AnnualResult.history.get(id=first.pk, history_type="-")
    assert deleted.history_user == qa_manager
    assert AnnualResult.history.filter(id=second.pk, history_type="+").count() == 1
