"""Responsibility matrix: default by role, exactly one accountable per step (STF-4)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from core.exceptions import ConflictError, ForbiddenError
from engagements.services import plan as plan_svc
from staff.models import DefaultRaci, ProcessStep, RaciAssignment
from staff.services import raci as svc

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(engagement_a, project_manager, consultant, discipline_lead):
    plan_svc.team_member_add(
        actor=project_manager,
        engagement_id=engagement_a.pk,
        user_id=consultant.pk,
        role="consultant",
    )
    plan_svc.team_member_add(
        actor=project_manager,
        engagement_id=engagement_a.pk,
        user_id=discipline_lead.pk,
        role="discipline_lead",
    )
    return engagement_a


def test_a_new_engagement_starts_from_the_firm_default_with_one_accountable_per_step(
    team, project_manager, consultant, discipline_lead
) -> None:
    # STF-4: firm-wide default matrix by role that new engagements start from
    assert DefaultRaci.objects.filter(letter="A").count() == ProcessStep.objects.count() == 10
    svc.raci_apply_defaults(actor=project_manager, engagement_id=team.pk)
    for step in ProcessStep.objects.all():
        assert RaciAssignment.objects.filter(engagement=team, step=step, letter="A").count() == 1
    research = ProcessStep.objects.get(code="research")
    assert (
        RaciAssignment.objects.get(engagement=team, step=research, letter="A").user
        == discipline_lead
    )
    assert RaciAssignment.objects.get(engagement=team, step=research, user=consultant).letter == "R"
    assert svc.steps_without_accountable(team) == []
    with pytest.raises(ConflictError):
        svc.raci_apply_defaults(actor=project_manager, engagement_id=team.pk)


def test_exactly_one_accountable_in_the_service_and_the_database(
    team, project_manager, consultant
) -> None:
    # STF-4: exactly one accountable per step (service + DB constraint)
    svc.raci_apply_defaults(actor=project_manager, engagement_id=team.pk)
    step = ProcessStep.objects.get(code="execution")
    # Handing over: the new "A" takes it, the previous one becomes responsible.
    svc.raci_set(
        actor=project_manager,
        engagement_id=team.pk,
        step_id=step.pk,
        user_id=consultant.pk,
        letter="A",
    )
    letters = dict(
        RaciAssignment.objects.filter(engagement=team, step=step).values_list(
            "user__username", "letter"
        )
    )
    assert letters["consultant"] == "A" and letters["project_manager"] == "R"
    # The only "A" cannot be removed or downgraded.
    with pytest.raises(ConflictError):
        svc.raci_set(
            actor=project_manager,
            engagement_id=team.pk,
            step_id=step.pk,
            user_id=consultant.pk,
            letter="C",
        )
    with pytest.raises(ConflictError):
        svc.raci_set(
            actor=project_manager,
            engagement_id=team.pk,
            step_id=step.pk,
            user_id=consultant.pk,
            letter="",
        )
    # And the database refuses a second one whatever the path.
    with pytest.raises(IntegrityError), transaction.atomic():
        RaciAssignment.objects.filter(engagement=team, step=step, user=project_manager).update(
            letter="A"
        )


def test_only_the_manager_edits_and_only_team_members_appear(
    team, project_manager, consultant, qa_manager
) -> None:
    # STF-4
    step = ProcessStep.objects.get(code="intake")
    with pytest.raises(ForbiddenError):
        svc.raci_apply_defaults(actor=consultant, engagement_id=team.pk)
    from core.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        svc.raci_set(
            actor=project_manager,
            engagement_id=team.pk,
            step_id=step.pk,
            user_id=qa_manager.pk,
            letter="I",
        )


def test_the_matrix_page_changes_a_cell_by_htmx(client, team, project_manager, consultant) -> None:
    # STF-4
    svc.raci_apply_defaults(actor=project_manager, engagement_id=team.pk)
    step = ProcessStep.objects.get(code="intake")
    client.force_login(project_manager)
    page = client.get(f"/staff/raci/{team.pk}/")
    assert page.status_code == 200 and 'id="raci-matrix"' in page.content.decode()
    response = client.post(
        f"/staff/raci/{team.pk}/set/",
        {"step": step.pk, "user": project_manager.pk, "letter": "C"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="raci-error"' in body
    assert "<html" not in body
    api = client.post(
        f"/api/staff/raci/{team.pk}/set/",
        {"step": step.pk, "user": consultant.pk, "letter": "A"},
        content_type="application/json",
    )
    assert api.status_code == 200
    cells = {(c["step"], c["user"]): c["letter"] for c in api.json()}
    assert cells[(step.pk, consultant.pk)] == "A" and cells[(step.pk, project_manager.pk)] == "R"
