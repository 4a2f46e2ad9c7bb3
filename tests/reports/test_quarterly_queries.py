"""The quarterly report gathers its data in a fixed, small number of queries (P6, QC-14)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.reports.models import ReportJob
from core.reports.services import report_context
from engagements.models import Engagement
from quality.models import Audit, AuditedEngagement, ChecklistTemplate, CriterionScore
from quality.models.audits import AuditStatus, Grade
from staff.models import User
from tests.factories import EngagementFactory

pytestmark = pytest.mark.django_db

START, END = date(2023, 1, 1), date(2023, 4, 1)


def _concluded_audits(count: int, lead: User, offset: int) -> None:
    """``count`` audits concluded in the quarter, each scoring one engagement on every
    criterion of the standard checklist (set up in bulk: only the reads are measured)."""
    template = ChecklistTemplate.objects.get(code="standard")
    criteria = list(template.criteria.all())
    at = datetime(2023, 2, 1, tzinfo=UTC)
    audits = Audit.objects.bulk_create(
        Audit(
            code=f"Q-{offset + i:04d}",
            kind="scheduled",
            title=f"季度质量检查 {i}",
            planned_date=START + timedelta(days=i),
            template=template,
            lead_auditor=lead,
            created_by=lead,
            status=AuditStatus.CONCLUDED,
            conclusion_score=Decimal(60 + i),
            conclusion_grade=Grade.QUALIFIED,
            concluded_at=at + timedelta(hours=i),
        )
        for i in range(count)
    )
    entries = AuditedEngagement.objects.bulk_create(
        AuditedEngagement(
            audit=audit,
            engagement=cast(Engagement, EngagementFactory()),
            score=audit.conclusion_score,
            grade=Grade.QUALIFIED,
            scored_at=audit.concluded_at,
        )
        for audit in audits
    )
    CriterionScore.objects.bulk_create(
        CriterionScore(entry=entry, criterion=criterion, points=criterion.weight, note="完整")
        for entry in entries
        for criterion in criteria
    )


def _gathering(user_pk: int) -> tuple[int, dict]:
    requester = User.objects.get(pk=user_pk)  # fresh: its roles are read inside, as in the worker
    job = ReportJob(
        pk=1,
        kind="quarterly",
        params={"start": START.isoformat(), "end": END.isoformat()},
        language="zh-hans",
        subject="2023 Q1",
        requested_by=requester,
        requested_at=datetime(2023, 4, 2, tzinfo=UTC),
    )
    with translation.override("zh-hans"), CaptureQueriesContext(connection) as queries:
        context = report_context(job)
    return len(queries), context


def test_quarterly_gathering_takes_the_same_few_queries_for_2_and_20_audits(admin_user):
    """P6 / QC-14: the period report's data — KPIs, grades, actions, reviews, findings,
    complaints, CSAT, deadlines, top risks and every audit with its criteria — is gathered in
    at most 10 queries, and in as many for 20 audits as for 2."""
    _concluded_audits(2, admin_user, 0)
    small, context = _gathering(admin_user.pk)
    assert len(context["audits"]) == 2
    _concluded_audits(18, admin_user, 100)
    large, context = _gathering(admin_user.pk)
    assert len(context["audits"]) == 20
    assert context["report"].audits_concluded == 20
    assert context["report"].grade_distribution == {"qualified": 20}
    assert all(entry.scores.all() for audit in context["audits"] for entry in audit.entries.all())
    assert small == large <= 10
