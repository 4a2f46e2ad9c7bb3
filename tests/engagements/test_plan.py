"""Team (ENG-7), phases, milestones and progress entries (ENG-8), time and expenses: services,
the plan section with its inline progress form, permissions, query counts and the API."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.exceptions import ApplicationError, ConflictError, ForbiddenError, NotFoundError
from engagements.models import (
    Engagement,
    ExpenseEntry,
    Milestone,
    ProgressEntry,
    TeamMember,
    TimeEntry,
)
from engagements.models.plan import PHASE_ORDER, Phase, TeamRole
from engagements.selectors import plan as sel
from engagements.services import plan as svc
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _milestone(engagement: Engagement, **fields: object) -> Milestone:
    defaults: dict[str, object] = {
        "phase": Phase.RESEARCH,
        "title": "Interviews done",
        "planned_date": timezone.localdate() + timedelta(days=10),
    }
    return Milestone.objects.create(engagement=engagement, **{**defaults, **fields})


def _api(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


# --- team (ENG-7) ----------------------------------------------------------------------------


def test_adding_and_removing_team_roles_keeps_the_engagement_members_in_step(
    engagement_a, project_manager, discipline_lead
) -> None:  # ENG-7
    lead_role = svc.team_member_add(
        actor=project_manager,
        engagement_id=engagement_a.pk,
        user_id=discipline_lead.pk,
        role=TeamRole.DISCIPLINE_LEAD,
    )
    assert engagement_a.members.filter(pk=discipline_lead.pk).exists()
    analyst_role = svc.team_member_add(
        actor=project_manager,
        engagement_id=engagement_a.pk,
        user_id=discipline_lead.pk,
        role=TeamRole.ANALYST,
    )

    svc.team_member_remove(actor=project_manager, member_id=lead_role.pk)
    assert engagement_a.members.filter(pk=discipline_lead.pk).exists()  # still an analyst
    svc.team_member_remove(actor=project_manager, member_id=analyst_role.pk)
    assert not engagement_a.members.filter(pk=discipline_lead.pk).exists()
    assert TeamMember.objects.filter(engagement=engagement_a).count() == 0


def test_the_same_person_cannot_hold_the_same_role_twice(
    engagement_a, project_manager, consultant
) -> None:  # ENG-7
    add = {
        "actor": project_manager,
        "engagement_id": engagement_a.pk,
        "user_id": consultant.pk,
        "role": TeamRole.CONSULTANT,
    }
    svc.team_member_add(**add)
    with pytest.raises(ConflictError):
        svc.team_member_add(**add)
    assert TeamMember.objects.filter(engagement=engagement_a).count() == 1


def test_a_client_user_cannot_join_an_engagement_team(
    engagement_a, project_manager, client_user
) -> None:  # ENG-7
    with pytest.raises(ApplicationError):
        svc.team_member_add(
            actor=project_manager,
            engagement_id=engagement_a.pk,
            user_id=client_user.pk,
            role=TeamRole.ASSISTANT,
        )
    assert not engagement_a.members.filter(pk=client_user.pk).exists()


def test_a_consultant_cannot_manage_the_team(engagement_a, consultant, discipline_lead) -> None:
    with pytest.raises(ForbiddenError):
        svc.team_member_add(
            actor=consultant,
            engagement_id=engagement_a.pk,
            user_id=discipline_lead.pk,
            role=TeamRole.ANALYST,
        )
    assert TeamMember.objects.count() == 0


def test_a_project_manager_cannot_staff_an_engagement_they_cannot_see(
    engagement_b, project_manager, consultant
) -> None:  # SEC-2
    with pytest.raises(NotFoundError):
        svc.team_member_add(
            actor=project_manager,
            engagement_id=engagement_b.pk,
            user_id=consultant.pk,
            role=TeamRole.CONSULTANT,
        )


# --- phases and milestones (ENG-8) -----------------------------------------------------------


def test_phases_run_research_to_delivery_whatever_order_milestones_were_added(
    engagement_a, project_manager
) -> None:  # ENG-8
    today = timezone.localdate()
    for phase in [Phase.DELIVERY, Phase.SOLUTION_REVIEW, Phase.RESEARCH, Phase.ANALYSIS]:
        svc.milestone_create(
            actor=project_manager,
            engagement_id=engagement_a.pk,
            phase=phase,
            title=f"{phase} done",
            planned_date=today + timedelta(days=5),
        )
    rows = list(sel.milestones_with_progress(engagement=engagement_a))
    assert [m.phase for m in rows] == [
        Phase.RESEARCH,
        Phase.ANALYSIS,
        Phase.SOLUTION_REVIEW,
        Phase.DELIVERY,
    ]
    assert PHASE_ORDER == (
        "research",
        "analysis",
        "solution_design",
        "solution_review",
        "execution",
        "delivery",
    )
    overview = sel.plan_overview(engagement=engagement_a, user=project_manager)
    assert [g.phase for g in overview.phases] == list(PHASE_ORDER)


def test_a_milestone_keeps_planned_and_actual_dates_and_deliverables(
    engagement_a, project_manager, consultant
) -> None:  # ENG-8
    planned = timezone.localdate() - timedelta(days=3)
    milestone = svc.milestone_create(
        actor=project_manager,
        engagement_id=engagement_a.pk,
        phase=Phase.ANALYSIS,
        title="  Diagnosis report  ",
        planned_date=planned,
        deliverables="Diagnosis report v1",
        owner_id=consultant.pk,
    )
    assert milestone.title == "Diagnosis report"
    assert milestone.actual_date is None

    svc.milestone_complete(actor=consultant, milestone_id=milestone.pk)  # the owner completes
    milestone.refresh_from_db()
    assert milestone.actual_date == timezone.localdate()
    assert milestone.planned_date == planned
    assert sel.latest_percent(milestone=milestone) == 100
    with pytest.raises(ConflictError):
        svc.milestone_complete(actor=project_manager, milestone_id=milestone.pk)


def test_a_milestone_cannot_be_completed_in_the_future(engagement_a, project_manager) -> None:
    milestone = _milestone(engagement_a)
    with pytest.raises(ApplicationError):
        svc.milestone_complete(
            actor=project_manager,
            milestone_id=milestone.pk,
            on=timezone.localdate() + timedelta(days=1),
        )
    milestone.refresh_from_db()
    assert milestone.actual_date is None
    assert ProgressEntry.objects.count() == 0


def test_an_owner_from_outside_the_team_is_refused(
    engagement_a, project_manager, discipline_lead
) -> None:  # ENG-8
    with pytest.raises(ApplicationError) as refused:
        svc.milestone_create(
            actor=project_manager,
            engagement_id=engagement_a.pk,
            phase=Phase.RESEARCH,
            title="Kick-off survey",
            planned_date=timezone.localdate(),
            owner_id=discipline_lead.pk,
        )
    assert "owner" in refused.value.extra
    assert Milestone.objects.count() == 0


def test_two_milestones_of_a_phase_cannot_share_a_title(engagement_a, project_manager) -> None:
    _milestone(engagement_a, title="Interviews done")
    with pytest.raises(ConflictError):
        svc.milestone_create(
            actor=project_manager,
            engagement_id=engagement_a.pk,
            phase=Phase.RESEARCH,
            title="Interviews done",
            planned_date=timezone.localdate(),
        )


def test_overdue_and_upcoming_milestones(engagement_a) -> None:  # ENG-8
    today = timezone.localdate()
    late = _milestone(engagement_a, title="late", planned_date=today - timedelta(days=1))
    soon = _milestone(engagement_a, title="soon", planned_date=today + timedelta(days=3))
    _milestone(engagement_a, title="far", planned_date=today + timedelta(days=60))
    _milestone(
        engagement_a,
        title="done",
        planned_date=today - timedelta(days=9),
        actual_date=today - timedelta(days=8),
    )
    assert [m.pk for m in sel.overdue_milestones(engagement=engagement_a)] == [late.pk]
    assert [m.pk for m in sel.upcoming_milestones(engagement=engagement_a)] == [soon.pk]


# --- progress entries (ENG-8) ----------------------------------------------------------------


def test_a_team_member_logs_progress_and_the_latest_entry_counts(
    engagement_a, consultant
) -> None:  # ENG-8
    milestone = _milestone(engagement_a)
    svc.progress_log(actor=consultant, milestone_id=milestone.pk, percent_complete=20)
    entry = svc.progress_log(
        actor=consultant, milestone_id=milestone.pk, percent_complete=40, note="Half the interviews"
    )
    assert entry.author == consultant
    assert sel.latest_percent(milestone=milestone) == 40


def test_a_consultant_not_on_the_team_cannot_log_progress(engagement_b, consultant) -> None:
    # ENG-8, SEC-2: the engagement is not theirs, so the milestone does not exist for them.
    milestone = _milestone(engagement_b)
    with pytest.raises(NotFoundError):
        svc.progress_log(actor=consultant, milestone_id=milestone.pk, percent_complete=40)
    assert ProgressEntry.objects.count() == 0


def test_oversight_roles_see_the_plan_but_do_not_log_progress(engagement_a, qa_manager) -> None:
    milestone = _milestone(engagement_a)
    with pytest.raises(ForbiddenError):
        svc.progress_log(actor=qa_manager, milestone_id=milestone.pk, percent_complete=40)
    assert ProgressEntry.objects.count() == 0


@pytest.mark.parametrize("percent", [101, -1])
def test_a_percentage_outside_0_to_100_is_refused_with_nothing_saved(
    engagement_a, consultant, percent
) -> None:  # ENG-8
    milestone = _milestone(engagement_a)
    with pytest.raises(ApplicationError) as refused:
        svc.progress_log(actor=consultant, milestone_id=milestone.pk, percent_complete=percent)
    assert "percent_complete" in refused.value.extra
    assert ProgressEntry.objects.count() == 0


def test_a_lower_percentage_is_a_correction_that_needs_a_reason(engagement_a, consultant) -> None:
    milestone = _milestone(engagement_a)
    svc.progress_log(actor=consultant, milestone_id=milestone.pk, percent_complete=60)
    with pytest.raises(ApplicationError) as refused:
        svc.progress_log(actor=consultant, milestone_id=milestone.pk, percent_complete=50)
    assert "note" in refused.value.extra
    svc.progress_log(
        actor=consultant,
        milestone_id=milestone.pk,
        percent_complete=50,
        note="Two interviews must be redone",
    )
    assert sel.latest_percent(milestone=milestone) == 50
    assert ProgressEntry.objects.count() == 2


def test_progress_on_a_completed_milestone_is_refused(engagement_a, consultant) -> None:
    milestone = _milestone(engagement_a, actual_date=timezone.localdate())
    with pytest.raises(ConflictError):
        svc.progress_log(actor=consultant, milestone_id=milestone.pk, percent_complete=40)


def test_the_database_refuses_a_percentage_over_100_too(engagement_a, consultant) -> None:
    from django.db import IntegrityError, transaction

    milestone = _milestone(engagement_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressEntry.objects.create(
            milestone=milestone, author=consultant, at=timezone.now(), percent_complete=101
        )


# --- time and expenses -----------------------------------------------------------------------


def test_hours_and_expenses_are_totalled_in_sql(engagement_a, consultant, project_manager) -> None:
    today = timezone.localdate()
    svc.time_log(actor=consultant, engagement_id=engagement_a.pk, day=today, hours=Decimal("7.5"))
    svc.time_log(actor=project_manager, engagement_id=engagement_a.pk, day=today, hours=Decimal(2))
    svc.expense_log(
        actor=consultant,
        engagement_id=engagement_a.pk,
        day=today,
        kind="travel",
        amount=Decimal("1200.50"),
    )
    svc.expense_log(
        actor=consultant,
        engagement_id=engagement_a.pk,
        day=today,
        kind="accommodation",
        amount=Decimal("480"),
    )
    with CaptureQueriesContext(connection) as ctx:
        totals = sel.cost_totals(engagement=engagement_a)
    assert len(ctx.captured_queries) == 2
    assert all("SUM(" in q["sql"].upper() for q in ctx.captured_queries)
    assert totals.hours == Decimal("9.5")
    assert totals.expenses == Decimal("1680.50")
    assert totals.by_kind == {
        "travel": Decimal("1200.50"),
        "accommodation": Decimal("480"),
        "other": Decimal("0"),
    }


def test_a_day_never_holds_more_than_24_hours(engagement_a, consultant) -> None:
    today = timezone.localdate()
    svc.time_log(actor=consultant, engagement_id=engagement_a.pk, day=today, hours=Decimal(20))
    with pytest.raises(ApplicationError):
        svc.time_log(actor=consultant, engagement_id=engagement_a.pk, day=today, hours=Decimal(5))
    for hours in (Decimal(0), Decimal(25)):
        with pytest.raises(ApplicationError):
            svc.time_log(actor=consultant, engagement_id=engagement_a.pk, day=today, hours=hours)
    with pytest.raises(ApplicationError):
        svc.time_log(
            actor=consultant,
            engagement_id=engagement_a.pk,
            day=today + timedelta(days=1),
            hours=Decimal(1),
        )
    assert TimeEntry.objects.count() == 1


def test_an_expense_must_be_positive(engagement_a, consultant) -> None:
    with pytest.raises(ApplicationError):
        svc.expense_log(
            actor=consultant,
            engagement_id=engagement_a.pk,
            day=timezone.localdate(),
            kind="other",
            amount=Decimal(0),
        )
    assert ExpenseEntry.objects.count() == 0


# --- pages -----------------------------------------------------------------------------------


def test_the_plan_tab_loads_the_section_through_htmx(client, consultant, engagement_a) -> None:
    client.force_login(consultant)
    page = client.get(reverse("engagements:detail", args=[engagement_a.pk]) + "?tab=plan")
    assert page.status_code == 200
    url = reverse("engagements:plan_section", args=[engagement_a.pk])
    assert f'hx-get="{url}"' in page.text
    assert 'hx-trigger="load"' in page.text


def test_the_plan_section_shows_phases_milestones_and_latest_percent(
    client, consultant, engagement_a
) -> None:  # ENG-8
    milestone = _milestone(engagement_a, title="Interviews done")
    svc.progress_log(actor=consultant, milestone_id=milestone.pk, percent_complete=35)
    client.force_login(consultant)
    response = client.get(reverse("engagements:plan_section", args=[engagement_a.pk]), **HTMX)
    assert response.status_code == 200
    assert f'id="milestone-{milestone.pk}"' in response.text
    assert "35%" in response.text
    assert 'data-testid="log-progress"' in response.text
    assert "<script" not in response.text and "style=" not in response.text  # CSP


def test_the_inline_progress_form_swaps_in_and_answers_the_updated_row(
    client, consultant, engagement_a
) -> None:  # ENG-8
    milestone = _milestone(engagement_a)
    client.force_login(consultant)
    url = reverse("engagements:progress_log", args=[milestone.pk])

    form = client.get(url, **HTMX)
    assert form.status_code == 200
    assert 'data-testid="progress-form"' in form.text
    assert f'hx-target="#milestone-{milestone.pk}"' in form.text
    assert "<html" not in form.text  # a fragment, not a page

    row = client.post(url, {"percent_complete": "40", "note": "Half done"}, **HTMX)
    assert row.status_code == 200
    assert f'id="milestone-{milestone.pk}"' in row.text
    assert "40%" in row.text
    assert 'data-testid="progress-form"' not in row.text
    assert ProgressEntry.objects.get().percent_complete == 40


def test_an_invalid_percentage_shows_the_form_again_and_saves_nothing(
    client, consultant, engagement_a
) -> None:  # ENG-8
    milestone = _milestone(engagement_a)
    client.force_login(consultant)
    url = reverse("engagements:progress_log", args=[milestone.pk])
    response = client.post(url, {"percent_complete": "101", "note": ""}, **HTMX)
    assert response.status_code == 200  # htmx swaps 2xx only
    assert 'data-testid="progress-form"' in response.text
    assert 'data-testid="percent-error"' in response.text
    assert ProgressEntry.objects.count() == 0


def test_a_service_refusal_shows_next_to_its_field(client, consultant, engagement_a) -> None:
    milestone = _milestone(engagement_a)
    svc.progress_log(actor=consultant, milestone_id=milestone.pk, percent_complete=70)
    client.force_login(consultant)
    url = reverse("engagements:progress_log", args=[milestone.pk])
    response = client.post(url, {"percent_complete": "30"}, **HTMX)
    assert 'data-testid="progress-form"' in response.text
    assert "70%" in response.text  # the message names the last figure
    assert ProgressEntry.objects.count() == 1


def test_without_htmx_the_progress_form_is_a_page_that_redirects_back(
    client, consultant, engagement_a
) -> None:
    milestone = _milestone(engagement_a)
    client.force_login(consultant)
    url = reverse("engagements:progress_log", args=[milestone.pk])
    page = client.get(url)
    assert page.status_code == 200 and "<html" in page.text
    assert client.post(url, {"percent_complete": "abc"}).status_code == 400
    done = client.post(url, {"percent_complete": "55"})
    assert done.status_code == 302
    assert done.url.endswith("?tab=plan")


def test_completing_a_milestone_from_its_row(client, project_manager, engagement_a) -> None:
    milestone = _milestone(engagement_a)
    client.force_login(project_manager)
    url = reverse("engagements:milestone_complete", args=[milestone.pk])
    row = client.post(url, **HTMX)
    assert row.status_code == 200 and "100%" in row.text
    milestone.refresh_from_db()
    assert milestone.actual_date == timezone.localdate()
    again = client.post(url, **HTMX)  # a stale page: the refusal shows in the row
    assert again.status_code == 200 and 'data-testid="row-error"' in again.text
    assert client.post(url).status_code == 409


def test_the_project_manager_adds_a_milestone_through_its_page(
    client, project_manager, engagement_a, consultant
) -> None:  # ENG-8
    client.force_login(project_manager)
    url = reverse("engagements:milestone_create", args=[engagement_a.pk])
    assert client.get(url).status_code == 200
    data = {
        "phase": "solution_design",
        "title": "Target operating model",
        "planned_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "deliverables": "TOM document",
        "owner": str(consultant.pk),
        "order": "1",
    }
    assert client.post(url, data).status_code == 302
    milestone = Milestone.objects.get()
    assert (milestone.phase, milestone.owner) == ("solution_design", consultant)

    edit = reverse("engagements:milestone_update", args=[milestone.pk])
    assert client.post(edit, {**data, "title": "TOM v2"}).status_code == 302
    milestone.refresh_from_db()
    assert milestone.title == "TOM v2"
    assert milestone.history.count() == 2


def test_a_refused_form_page_keeps_the_input_and_saves_nothing(
    client, project_manager, engagement_a
) -> None:
    _milestone(engagement_a, title="Interviews done")
    client.force_login(project_manager)
    url = reverse("engagements:milestone_create", args=[engagement_a.pk])
    data = {
        "phase": "research",
        "title": "Interviews done",
        "planned_date": timezone.localdate().isoformat(),
        "order": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 409
    assert 'value="Interviews done"' in response.text
    assert Milestone.objects.count() == 1
    assert client.post(url, {**data, "planned_date": "not a date"}).status_code == 400


def test_team_time_and_expense_pages(client, project_manager, consultant, engagement_a) -> None:
    client.force_login(project_manager)
    add = reverse("engagements:team_member_add", args=[engagement_a.pk])
    response = client.post(add, {"user": consultant.pk, "role": "analyst"})
    assert response.status_code == 302
    member = TeamMember.objects.get()
    remove = reverse("engagements:team_member_remove", args=[member.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not engagement_a.members.filter(pk=consultant.pk).exists()

    engagement_a.members.add(consultant)
    client.force_login(consultant)
    today = timezone.localdate().isoformat()
    time_url = reverse("engagements:time_log", args=[engagement_a.pk])
    assert client.post(time_url, {"day": today, "hours": "6", "note": ""}).status_code == 302
    assert client.post(time_url, {"day": today, "hours": "20"}).status_code == 400
    expense_url = reverse("engagements:expense_log", args=[engagement_a.pk])
    response = client.post(expense_url, {"day": today, "kind": "travel", "amount": "350.00"})
    assert response.status_code == 302
    assert TimeEntry.objects.get().hours == Decimal(6)
    assert ExpenseEntry.objects.get().amount == Decimal("350.00")


def test_a_consultant_gets_403_on_manager_pages(client, consultant, engagement_a) -> None:
    client.force_login(consultant)
    for name in ("milestone_create", "team_member_add", "meeting_create"):
        assert client.get(reverse(f"engagements:{name}", args=[engagement_a.pk])).status_code == 403


def test_a_foreign_engagement_or_milestone_answers_404(client, consultant, engagement_b) -> None:
    # SEC-2
    milestone = _milestone(engagement_b)
    client.force_login(consultant)
    for name in ("plan_section", "time_log", "expense_log", "milestone_create"):
        assert client.get(reverse(f"engagements:{name}", args=[engagement_b.pk])).status_code == 404
    for name in ("progress_log", "milestone_row", "milestone_update"):
        assert client.get(reverse(f"engagements:{name}", args=[milestone.pk])).status_code == 404
    url = reverse("engagements:progress_log", args=[milestone.pk])
    assert client.post(url, {"percent_complete": "40"}, **HTMX).status_code == 404
    assert ProgressEntry.objects.count() == 0


def test_client_users_get_403_and_anonymous_visitors_go_to_login(
    client, client_user, engagement_a
) -> None:  # SEC-1
    milestone = _milestone(engagement_a)
    urls = [
        reverse("engagements:plan_section", args=[engagement_a.pk]),
        reverse("engagements:progress_log", args=[milestone.pk]),
        reverse("engagements:time_log", args=[engagement_a.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    client.force_login(client_user)
    for url in urls:
        assert client.get(url).status_code == 403


def _section_queries(client, engagement: Engagement) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("engagements:plan_section", args=[engagement.pk]), **HTMX)
        assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow_plan(engagement: Engagement, owner, count: int, start: int) -> None:
    today = timezone.localdate()
    for i in range(start, start + count):
        milestone = _milestone(
            engagement,
            phase=PHASE_ORDER[i % len(PHASE_ORDER)],
            title=f"Milestone {i}",
            planned_date=today + timedelta(days=i - 5),
            owner=owner,
        )
        ProgressEntry.objects.create(
            milestone=milestone, author=owner, at=timezone.now(), percent_complete=i % 100
        )
        TeamMember.objects.create(
            engagement=engagement, user=UserFactory.create(), role=TeamRole.ANALYST
        )


def test_the_plan_section_uses_the_same_number_of_queries_for_2_and_20_milestones(
    client, project_manager, consultant, engagement_a
) -> None:  # P1
    client.force_login(project_manager)
    _grow_plan(engagement_a, consultant, 2, 0)
    few = _section_queries(client, engagement_a)
    _grow_plan(engagement_a, consultant, 18, 2)
    assert Milestone.objects.filter(engagement=engagement_a).count() == 20
    assert _section_queries(client, engagement_a) == few
    assert few <= 16


# --- API -------------------------------------------------------------------------------------


def test_the_api_lists_and_creates_milestones(project_manager, consultant, engagement_a) -> None:
    # ENG-8, X-5
    api = _api(project_manager)
    url = f"/api/engagements/{engagement_a.pk}/milestones/"
    created = api.post(
        url,
        {
            "phase": "analysis",
            "title": "Gap analysis",
            "planned_date": timezone.localdate().isoformat(),
            "owner": consultant.pk,
            "actual_date": "2020-01-01",  # read-only: ignored
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["actual_date"] is None and body["latest_percent"] is None
    rows = api.get(url).json()["results"]
    assert [r["title"] for r in rows] == ["Gap analysis"]


def test_a_consultant_logs_progress_through_the_api(consultant, engagement_a) -> None:  # ENG-8
    milestone = _milestone(engagement_a)
    api = _api(consultant)
    url = f"/api/engagements/milestones/{milestone.pk}/progress/"
    response = api.post(url, {"percent_complete": 40, "note": "Half"}, format="json")
    assert response.status_code == 201
    assert response.json()["author"] == consultant.pk
    refused = api.post(url, {"percent_complete": 101}, format="json")
    assert refused.status_code == 400
    assert "percent_complete" in refused.json()["error"]["fields"]
    assert [e["percent_complete"] for e in api.get(url).json()] == [40]
    complete = api.post(f"/api/engagements/milestones/{milestone.pk}/complete/", {}, format="json")
    assert complete.status_code == 403  # neither owner nor manager


def test_the_api_answers_404_for_foreign_ids(consultant, engagement_b) -> None:  # SEC-2
    milestone = _milestone(engagement_b)
    api = _api(consultant)
    assert api.get(f"/api/engagements/{engagement_b.pk}/milestones/").status_code == 404
    assert api.get(f"/api/engagements/{engagement_b.pk}/team/").status_code == 404
    response = api.post(
        f"/api/engagements/milestones/{milestone.pk}/progress/",
        {"percent_complete": 40},
        format="json",
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert ProgressEntry.objects.count() == 0


def test_the_api_refuses_anonymous_and_client_users(client_user, engagement_a) -> None:
    url = f"/api/engagements/{engagement_a.pk}/milestones/"
    assert _api().get(url).status_code == 401
    assert _api(client_user).get(url).status_code == 403
    assert _api(client_user).get(f"/api/engagements/{engagement_a.pk}/costs/").status_code == 403


def test_the_api_manages_the_team_and_logs_costs(
    project_manager, consultant, discipline_lead, engagement_a
) -> None:  # ENG-7, X-5
    api = _api(project_manager)
    team_url = f"/api/engagements/{engagement_a.pk}/team/"
    created = api.post(team_url, {"user": discipline_lead.pk, "role": "discipline_lead"})
    assert created.status_code == 201
    assert (
        api.post(team_url, {"user": discipline_lead.pk, "role": "discipline_lead"}).status_code
        == 409
    )
    assert [r["user"] for r in api.get(team_url).json()["results"]] == [discipline_lead.pk]
    assert engagement_a.members.filter(pk=discipline_lead.pk).exists()
    member_url = f"/api/engagements/team/{created.json()['id']}/"
    assert api.delete(member_url).status_code == 204
    assert not engagement_a.members.filter(pk=discipline_lead.pk).exists()

    worker = _api(consultant)
    today = timezone.localdate().isoformat()
    time = worker.post(
        f"/api/engagements/{engagement_a.pk}/time-entries/",
        {"date": today, "hours": "3.5", "user": project_manager.pk},
        format="json",
    )
    assert time.status_code == 201 and time.json()["user"] == consultant.pk
    expense = worker.post(
        f"/api/engagements/{engagement_a.pk}/expenses/",
        {"date": today, "kind": "travel", "amount": "88.00"},
        format="json",
    )
    assert expense.status_code == 201
    costs = worker.get(f"/api/engagements/{engagement_a.pk}/costs/").json()
    assert (costs["hours"], costs["expenses"]) == ("3.50", "88.00")


def test_the_milestone_api_uses_the_same_number_of_queries_for_2_and_20(
    project_manager, consultant, engagement_a
) -> None:  # P1
    api = APIClient()
    api.force_login(project_manager)
    url = f"/api/engagements/{engagement_a.pk}/milestones/"
    _grow_plan(engagement_a, consultant, 2, 0)
    with CaptureQueriesContext(connection) as few:
        assert api.get(url).status_code == 200
    _grow_plan(engagement_a, consultant, 18, 2)
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(url).json()["results"]) == 20
    assert len(many.captured_queries) == len(few.captured_queries)
