"""The lifecycle in the browser's HTML pages: intake, the engagement page's tabs, a refused
step re-rendered with its reason (nothing saved), and constant query counts (ENG-13)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagements.choices import Stage
from engagements.models import Engagement, StageTransition
from engagements.services import lifecycle as svc
from tests.engagements.test_lifecycle import LINES, PROPOSAL
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(project_manager, client_a):
    return svc.engagement_intake(
        actor=project_manager,
        client=client_a,
        title="页面线索",
        service_type="it",
        source="enquiry",
        channel="online",
    )


def test_a_project_manager_records_a_lead_in_the_browser(
    client, project_manager, client_a
) -> None:  # ENG-1
    client.force_login(project_manager)
    assert client.get("/engagements/new/").status_code == 200
    bad = client.post(
        "/engagements/new/",
        {"client": client_a.pk, "title": "", "service_type": "it", "source": "enquiry"},
    )
    assert bad.status_code == 400 and not Engagement.objects.exists()
    response = client.post(
        "/engagements/new/",
        {
            "client": client_a.pk,
            "title": "新线索",
            "service_type": "it",
            "source": "enquiry",
            "channel": "hotline",
        },
    )
    engagement = Engagement.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/engagements/{engagement.pk}/"


def test_consultants_cannot_record_leads(client, consultant) -> None:
    client.force_login(consultant)
    assert client.get("/engagements/new/").status_code == 403


@pytest.mark.parametrize(
    "tab", ["overview", "requirements", "quotations", "proposal", "contract", "plan"]
)
def test_every_tab_of_the_engagement_page_renders(client, project_manager, lead, tab) -> None:
    client.force_login(project_manager)
    response = client.get(f"/engagements/{lead.pk}/?tab={tab}")
    assert response.status_code == 200


def test_a_refused_step_shows_its_reason_and_changes_nothing(
    client, project_manager, lead
) -> None:  # ENG-13
    client.force_login(project_manager)
    response = client.post(f"/engagements/{lead.pk}/transition/", {"to_stage": "feasibility"})
    assert response.status_code == 409
    assert "需要" in response.content.decode() or "needs" in response.content.decode()
    lead.refresh_from_db()
    assert lead.stage == Stage.LEAD and not StageTransition.objects.exists()


def test_requirements_then_advance_from_the_page(
    client, project_manager, lead
) -> None:  # ENG-2, ENG-13
    client.force_login(project_manager)
    client.post(f"/engagements/{lead.pk}/requirements/", {"background": "背景", "goals": "目标"})
    response = client.post(
        f"/engagements/{lead.pk}/transition/", {"to_stage": "feasibility", "reason": "可以评估"}
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.stage == Stage.FEASIBILITY
    assert "可以评估" in client.get(f"/engagements/{lead.pk}/").content.decode()


def test_a_wrong_password_keeps_the_review_unsigned_and_the_input(
    client, technical_director, project_manager, lead
) -> None:  # ENG-5, X-2
    svc.proposal_save(actor=project_manager, engagement=lead, **PROPOSAL)
    client.force_login(technical_director)
    response = client.post(
        f"/engagements/{lead.pk}/proposal/review/",
        {"decision": "return", "comments": "请补充方法", "password": "nope"},
    )
    assert response.status_code == 400
    assert "请补充方法" in response.content.decode()
    assert not lead.reviews.exists()
    ok = client.post(
        f"/engagements/{lead.pk}/proposal/review/",
        {"decision": "pass", "comments": "", "password": TEST_PASSWORD},
    )
    assert ok.status_code == 302 and lead.reviews.get().decision == "pass"


def test_a_quotation_from_the_page_and_a_bad_line_refused(
    client, project_manager, lead
) -> None:  # ENG-4
    client.force_login(project_manager)
    form = {"lines-TOTAL_FORMS": "3", "lines-INITIAL_FORMS": "0", "currency": "CNY", "note": ""}
    for i, line in enumerate(LINES):
        form.update({f"lines-{i}-{k}": v for k, v in line.items()})
    assert client.post(f"/engagements/{lead.pk}/quotations/", form).status_code == 302
    assert (
        client.post(
            f"/engagements/{lead.pk}/quotations/", {**form, "lines-0-quantity": "-5"}
        ).status_code
        == 400
    )
    html = client.get(f"/engagements/{lead.pk}/?tab=quotations").content.decode()
    assert 'quotation-total">103601.50<' in html and lead.quotations.count() == 1


def test_client_users_and_other_staff_cannot_act(
    client, client_user, consultant, lead
) -> None:  # SEC-2
    client.force_login(client_user)
    assert (
        client.post(
            f"/engagements/{lead.pk}/transition/", {"to_stage": "cancelled", "reason": "x"}
        ).status_code
        == 403
    )
    client.force_login(consultant)
    assert client.get(f"/engagements/{lead.pk}/").status_code == 404  # not on the team


@pytest.mark.parametrize("tab", ["overview", "quotations", "proposal"])
def test_the_engagement_page_uses_the_same_queries_whatever_its_history(
    client, project_manager, technical_director, lead, tab
) -> None:
    client.force_login(project_manager)
    svc.quotation_create(actor=project_manager, engagement=lead, lines=LINES)
    svc.proposal_save(actor=project_manager, engagement=lead, **PROPOSAL)
    svc.proposal_review(
        actor=technical_director,
        engagement=lead,
        decision="return",
        comments="a",
        password=TEST_PASSWORD,
    )
    with CaptureQueriesContext(connection) as few:
        client.get(f"/engagements/{lead.pk}/?tab={tab}")
    for n in range(6):
        svc.quotation_create(actor=project_manager, engagement=lead, lines=LINES * 3)
        svc.proposal_review(
            actor=technical_director,
            engagement=lead,
            decision="return",
            comments=str(n),
            password=TEST_PASSWORD,
        )
        svc.engagement_transition(
            actor=project_manager, engagement=lead, to_stage="on_hold", reason="h"
        )
        svc.engagement_resume(actor=project_manager, engagement=lead, reason="r")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/engagements/{lead.pk}/?tab={tab}")
    assert len(many.captured_queries) == len(few.captured_queries)
