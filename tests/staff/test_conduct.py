"""Independence and conflict-of-interest declarations; violations (STF-5)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from engagements.models import Milestone
from engagements.services import plan as plan_svc
from staff.models import Declaration, Violation
from staff.services import conduct as svc

pytestmark = pytest.mark.django_db


def test_an_undeclared_member_cannot_log_progress_or_time_until_they_declare(
    engagement_a, project_manager, discipline_lead
) -> None:
    # STF-5: engagements.permissions.require_team calls staff.services.conduct.require_declared
    engagement_a.members.add(discipline_lead)
    milestone = Milestone.objects.create(
        engagement=engagement_a, phase="research", title="调研", planned_date=timezone.localdate()
    )
    today = timezone.localdate()
    with pytest.raises(ForbiddenError) as refused:
        plan_svc.progress_log(actor=discipline_lead, milestone_id=milestone.pk, percent_complete=10)
    assert "Declare" in refused.value.message or "申报" in refused.value.message
    with pytest.raises(ForbiddenError):
        plan_svc.time_log(
            actor=discipline_lead, engagement_id=engagement_a.pk, day=today, hours=Decimal(2)
        )

    svc.declaration_submit(actor=discipline_lead, engagement_id=engagement_a.pk, independent=True)
    plan_svc.time_log(
        actor=discipline_lead, engagement_id=engagement_a.pk, day=today, hours=Decimal(2)
    )
    plan_svc.progress_log(actor=discipline_lead, milestone_id=milestone.pk, percent_complete=10)


def test_a_disclosed_conflict_blocks_work_until_a_qa_manager_clears_it(
    engagement_a, discipline_lead, qa_manager
) -> None:
    # STF-5
    engagement_a.members.add(discipline_lead)
    declaration = svc.declaration_submit(
        actor=discipline_lead,
        engagement_id=engagement_a.pk,
        independent=True,
        conflicts="亲属在客户处任职",
    )
    today = timezone.localdate()
    with pytest.raises(ForbiddenError):
        plan_svc.time_log(
            actor=discipline_lead, engagement_id=engagement_a.pk, day=today, hours=Decimal(1)
        )
    with pytest.raises(ForbiddenError):
        svc.declaration_clear(actor=discipline_lead, declaration_id=declaration.pk)
    svc.declaration_clear(actor=qa_manager, declaration_id=declaration.pk)
    plan_svc.time_log(
        actor=discipline_lead, engagement_id=engagement_a.pk, day=today, hours=Decimal(1)
    )
    assert Declaration.history.filter(id=declaration.pk).count() == 2


def test_declaring_twice_not_independent_or_off_the_team_is_refused(
    engagement_a, consultant, discipline_lead
) -> None:
    # STF-5
    with pytest.raises(ConflictError):
        svc.declaration_submit(actor=consultant, engagement_id=engagement_a.pk, independent=True)
    engagement_a.members.add(discipline_lead)
    with pytest.raises(ApplicationError):
        svc.declaration_submit(
            actor=discipline_lead, engagement_id=engagement_a.pk, independent=False
        )


def test_a_violation_is_recorded_with_its_outcome(engagement_a, qa_manager, consultant) -> None:
    # STF-5: violations recorded with outcome
    violation = svc.violation_record(
        actor=qa_manager,
        user_id=consultant.pk,
        engagement_id=engagement_a.pk,
        occurred_on=timezone.localdate() - timedelta(days=3),
        description="未申报利益冲突",
    )
    assert violation.outcome == "open"
    with pytest.raises(ForbiddenError):
        svc.violation_decide(actor=consultant, violation_id=violation.pk, outcome="warning")
    svc.violation_decide(
        actor=qa_manager, violation_id=violation.pk, outcome="warning", outcome_note="书面警告"
    )
    with pytest.raises(ConflictError):
        svc.violation_decide(actor=qa_manager, violation_id=violation.pk, outcome="no_breach")
    assert Violation.objects.get(pk=violation.pk).outcome == "warning"


def test_the_declaration_page_and_api(client, engagement_a, discipline_lead, qa_manager) -> None:
    # STF-5
    engagement_a.members.add(discipline_lead)
    client.force_login(discipline_lead)
    page = client.get("/staff/declarations/").content.decode()
    assert f"/staff/declarations/{engagement_a.pk}/declare/" in page
    response = client.post(
        f"/staff/declarations/{engagement_a.pk}/declare/", {"independent": "on", "conflicts": ""}
    )
    assert response.status_code == 302
    assert Declaration.objects.filter(user=discipline_lead, engagement=engagement_a).exists()
    assert client.get("/api/staff/declarations/").json()["results"][0]["user"] == discipline_lead.pk
    client.force_login(qa_manager)
    assert client.get("/staff/declarations/").status_code == 200
