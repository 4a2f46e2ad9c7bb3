"""The engagement lifecycle from lead to kickoff through its services and the API:
intake (ENG-1), requirements (ENG-2), feasibility (ENG-3), quotations (ENG-4), proposal
review (ENG-5), contract (ENG-6) and the stage state machine (ENG-13)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.models import SlaClock
from engagements.choices import Stage
from engagements.models import Engagement, StageTransition
from engagements.services import lifecycle as svc
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")

FEASIBILITY = {
    "technical": "方法成熟",
    "technical_experts": "王工、李工",
    "economic": "预算充足",
    "economic_experts": "赵会计",
    "time": "六个月可完成",
    "time_experts": "陈经理",
}
PROPOSAL = {
    "objectives": "提升效率",
    "scope": "生产线",
    "methods": "精益",
    "schedule": "6个月",
    "deliverables": "诊断报告",
    "team_introduction": "资深团队",
}
CONTRACT = {
    "scope": "诊断",
    "term": "6个月",
    "payment": "分三期",
    "confidentiality": "保密",
    "liability": "以合同额为限",
}
LINES = [
    {"kind": "fee", "description": "咨询费", "quantity": "2", "unit_price": "50000.00"},
    {"kind": "travel", "description": "差旅", "quantity": "3", "unit_price": "1200.50"},
]


@pytest.fixture(autouse=True)
def _english():
    """The assertions below read the services' messages in English (pages test the Chinese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def signer(db):
    return UserFactory(username="signer", roles=["admin"])


@pytest.fixture
def lead(project_manager, client_a):
    return svc.engagement_intake(
        actor=project_manager,
        client=client_a,
        title="精益诊断",
        service_type="management",
        source="enquiry",
        channel="hotline",
        contact_name="周女士",
        question="能否做精益诊断？",
        received_at=datetime(2026, 11, 20, 17, 59, tzinfo=SH),
    )


def _advance_to(
    stage: str, engagement: Engagement, pm, technical_director, legal_reviewer, signer
) -> Engagement:
    """Walk the main line with every precondition satisfied."""
    steps = [Stage.FEASIBILITY, Stage.QUOTATION, Stage.PROPOSAL, Stage.CONTRACT, Stage.KICKOFF]
    for step in steps:
        if step == Stage.FEASIBILITY:
            svc.requirements_save(actor=pm, engagement=engagement, background="背景", goals="目标")
        if step == Stage.QUOTATION:
            svc.feasibility_save(actor=pm, engagement=engagement, **FEASIBILITY)
            svc.feasibility_conclude(actor=pm, engagement=engagement, conclusion="accept")
        if step == Stage.PROPOSAL:
            svc.quotation_create(actor=pm, engagement=engagement, lines=LINES)
        if step == Stage.CONTRACT:
            svc.proposal_save(actor=pm, engagement=engagement, **PROPOSAL)
            svc.proposal_review(
                actor=technical_director,
                engagement=engagement,
                decision="pass",
                password=TEST_PASSWORD,
            )
            svc.proposal_send(actor=pm, engagement=engagement)
        if step == Stage.KICKOFF:
            svc.contract_save(actor=pm, engagement=engagement, **CONTRACT)
            svc.contract_legal_review(
                actor=legal_reviewer,
                engagement=engagement,
                decision="pass",
                password=TEST_PASSWORD,
                checklist={"complete": True, "accurate": True, "legal": True, "risk_clauses": True},
            )
            svc.contract_sign(actor=signer, engagement=engagement, password=TEST_PASSWORD)
        engagement = svc.engagement_transition(
            actor=pm, engagement=engagement, to_stage=step, reason=""
        )
        if step == stage:
            break
    return engagement


def test_an_enquiry_is_numbered_and_starts_its_one_working_hour_clock(
    lead, project_manager
) -> None:  # ENG-1, CRM-5
    assert lead.code == "ENG-2026-001" and lead.stage == Stage.LEAD
    clock = SlaClock.objects.get(object_id=lead.pk, policy__code="enquiry_answer")
    assert clock.due_at == datetime(2026, 11, 23, 9, 59, tzinfo=SH)
    svc.engagement_answer_enquiry(
        actor=project_manager, engagement=lead, at=datetime(2026, 11, 23, 9, 30, tzinfo=SH)
    )
    clock.refresh_from_db()
    assert clock.state == SlaClock.State.MET and clock.breached_at is None


def test_market_research_leads_start_no_clock(project_manager, client_a) -> None:  # ENG-1
    engagement = svc.engagement_intake(
        actor=project_manager,
        client=client_a,
        title="行业调研",
        service_type="it",
        source="market_research",
    )
    assert not SlaClock.objects.filter(object_id=engagement.pk).exists()
    with pytest.raises(ApplicationError):
        svc.engagement_intake(
            actor=project_manager, client=client_a, title="x", service_type="it", source="enquiry"
        )


def test_a_stage_cannot_be_skipped(lead, project_manager) -> None:  # ENG-13
    with pytest.raises(ConflictError, match="cannot go from"):
        svc.engagement_transition(actor=project_manager, engagement=lead, to_stage=Stage.QUOTATION)
    lead.refresh_from_db()
    assert lead.stage == Stage.LEAD and not StageTransition.objects.exists()


def test_a_refused_transition_names_the_missing_precondition(
    lead, project_manager
) -> None:  # ENG-13, ENG-2
    with pytest.raises(ConflictError, match="preliminary requirements"):
        svc.engagement_transition(
            actor=project_manager, engagement=lead, to_stage=Stage.FEASIBILITY
        )


def test_a_declined_lead_stops_there(lead, project_manager) -> None:  # ENG-3
    svc.requirements_save(actor=project_manager, engagement=lead, background="b", goals="g")
    svc.engagement_transition(actor=project_manager, engagement=lead, to_stage=Stage.FEASIBILITY)
    svc.feasibility_save(
        actor=project_manager, engagement=lead, **{**FEASIBILITY, "time_experts": ""}
    )
    with pytest.raises(ConflictError, match="named experts"):
        svc.feasibility_conclude(
            actor=project_manager, engagement=lead, conclusion="decline", reason="太远"
        )
    svc.feasibility_save(actor=project_manager, engagement=lead, time_experts="陈经理")
    svc.feasibility_conclude(
        actor=project_manager, engagement=lead, conclusion="decline", reason="超出能力范围"
    )
    lead.refresh_from_db()
    assert lead.stage == Stage.DECLINED
    with pytest.raises(ConflictError):
        svc.engagement_transition(actor=project_manager, engagement=lead, to_stage=Stage.QUOTATION)
    with pytest.raises(ConflictError):
        svc.requirements_save(actor=project_manager, engagement=lead, goals="new")


def test_quotations_are_versioned_and_totals_are_computed(lead, project_manager) -> None:  # ENG-4
    from engagements.selectors import quotation_versions

    first = svc.quotation_create(actor=project_manager, engagement=lead, lines=LINES)
    second = svc.quotation_create(
        actor=project_manager, engagement=lead, lines=LINES[:1], note="去掉差旅"
    )
    assert (first.version, second.version, first.currency) == (1, 2, "CNY")
    totals = {q.version: q.total for q in quotation_versions(engagement=lead)}  # type: ignore[attr-defined]
    assert totals == {1: Decimal("103601.50"), 2: Decimal("100000.00")}
    for bad in (
        [],
        [{**LINES[0], "quantity": "0"}],
        [{**LINES[0], "unit_price": "-1"}],
        [{**LINES[0], "kind": "gift"}],
        [{**LINES[0], "quantity": "abc"}],
    ):
        with pytest.raises(ApplicationError):
            svc.quotation_create(actor=project_manager, engagement=lead, lines=bad)
    assert lead.quotations.count() == 2


def test_the_proposal_is_sent_only_after_its_internal_review_passed(
    lead, project_manager, technical_director
) -> None:  # ENG-5, X-2
    svc.proposal_save(actor=project_manager, engagement=lead, **PROPOSAL)
    with pytest.raises(ConflictError, match="internal review"):
        svc.proposal_send(actor=project_manager, engagement=lead)
    with pytest.raises(ApplicationError, match="password"):
        svc.proposal_review(
            actor=technical_director, engagement=lead, decision="pass", password="wrong"
        )
    with pytest.raises(ApplicationError):
        svc.proposal_review(
            actor=project_manager, engagement=lead, decision="pass", password=TEST_PASSWORD
        )
    svc.proposal_review(
        actor=technical_director, engagement=lead, decision="pass", password=TEST_PASSWORD
    )
    # A change after approval withdraws it: the new text needs its own review.
    svc.proposal_save(actor=project_manager, engagement=lead, scope="生产线与仓储")
    with pytest.raises(ConflictError):
        svc.proposal_send(actor=project_manager, engagement=lead)
    svc.proposal_review(
        actor=technical_director, engagement=lead, decision="pass", password=TEST_PASSWORD
    )
    proposal = svc.proposal_send(actor=project_manager, engagement=lead)
    assert proposal.sent_at is not None
    with pytest.raises(ConflictError):
        svc.proposal_save(actor=project_manager, engagement=lead, scope="again")


def test_the_contract_needs_legal_review_before_an_authorised_signature(
    lead, project_manager, legal_reviewer, signer, consultant
) -> None:  # ENG-6, X-2
    svc.contract_save(actor=project_manager, engagement=lead, **CONTRACT)
    with pytest.raises(ConflictError, match="legal review"):
        svc.contract_sign(actor=signer, engagement=lead, password=TEST_PASSWORD)
    with pytest.raises(ApplicationError, match="every point"):
        svc.contract_legal_review(
            actor=legal_reviewer,
            engagement=lead,
            decision="pass",
            password=TEST_PASSWORD,
            checklist={"complete": True},
        )
    svc.contract_legal_review(
        actor=legal_reviewer,
        engagement=lead,
        decision="return",
        comments="责任条款不清",
        password=TEST_PASSWORD,
        checklist={},
    )
    svc.contract_save(actor=project_manager, engagement=lead, liability="以合同额的两倍为限")
    svc.contract_legal_review(
        actor=legal_reviewer,
        engagement=lead,
        decision="pass",
        password=TEST_PASSWORD,
        checklist={"complete": True, "accurate": True, "legal": True, "risk_clauses": True},
    )
    with pytest.raises(ForbiddenError, match="authorised"):
        svc.contract_sign(actor=consultant, engagement=lead, password=TEST_PASSWORD)
    contract = svc.contract_sign(actor=signer, engagement=lead, password=TEST_PASSWORD)
    assert contract.signed_by == signer
    copy = svc.contract_distribute(
        actor=project_manager, engagement=lead, recipient="客户法务部", copies=2
    )
    assert copy.copies == 2
    assert [r.decision for r in lead.reviews.order_by("at", "id")] == ["return", "pass"]


def test_the_main_line_to_kickoff_records_who_when_and_why(
    lead, project_manager, technical_director, legal_reviewer, signer
) -> None:  # ENG-13
    engagement = _advance_to(
        Stage.KICKOFF, lead, project_manager, technical_director, legal_reviewer, signer
    )
    assert engagement.stage == Stage.KICKOFF
    moves = list(
        StageTransition.objects.filter(engagement=engagement).values_list(
            "from_stage", "to_stage", "actor__username"
        )
    )
    assert moves == [
        ("lead", "feasibility", "project_manager"),
        ("feasibility", "quotation", "project_manager"),
        ("quotation", "proposal", "project_manager"),
        ("proposal", "contract", "project_manager"),
        ("contract", "kickoff", "project_manager"),
    ]
    assert engagement.history.filter(stage="kickoff").exists()


def test_hold_and_resume_return_to_the_held_stage(lead, project_manager) -> None:  # ENG-13
    with pytest.raises(ApplicationError):
        svc.engagement_transition(actor=project_manager, engagement=lead, to_stage=Stage.ON_HOLD)
    held = svc.engagement_transition(
        actor=project_manager, engagement=lead, to_stage=Stage.ON_HOLD, reason="客户预算冻结"
    )
    assert held.stage == Stage.ON_HOLD
    resumed = svc.engagement_resume(actor=project_manager, engagement=held, reason="预算恢复")
    assert resumed.stage == Stage.LEAD


def test_only_the_project_manager_or_an_admin_moves_the_engagement(
    lead, consultant
) -> None:  # ENG-13
    with pytest.raises(ForbiddenError, match="project manager"):
        svc.engagement_transition(
            actor=consultant, engagement=lead, to_stage=Stage.CANCELLED, reason="x"
        )


# --- API twins (X-5) ------------------------------------------------------------------------


@pytest.fixture
def api(project_manager) -> APIClient:
    client = APIClient()
    client.force_authenticate(project_manager)
    return client


def test_intake_and_transition_through_the_api(
    api, client_a, client_b
) -> None:  # ENG-1, ENG-13, X-5
    response = api.post(
        "/api/engagements/",
        {
            "client": client_a.pk,
            "title": "API 线索",
            "service_type": "it",
            "source": "enquiry",
            "channel": "email",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    refused = api.post(
        f"/api/engagements/{pk}/transition/", {"to_stage": "feasibility"}, format="json"
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "conflict"
    api.put(
        f"/api/engagements/{pk}/requirements/", {"background": "b", "goals": "g"}, format="json"
    )
    moved = api.post(
        f"/api/engagements/{pk}/transition/",
        {"to_stage": "feasibility", "reason": "需求已明确"},
        format="json",
    )
    assert moved.status_code == 200 and moved.json()["stage"] == "feasibility"
    assert api.get(f"/api/engagements/{pk}/transitions/").json()[0]["reason"] == "需求已明确"
    # A client the caller cannot see is refused like a missing one.
    assert (
        api.post(
            "/api/engagements/",
            {"client": 99999, "title": "x", "service_type": "it", "source": "market_research"},
            format="json",
        ).status_code
        == 404
    )


def test_quotations_through_the_api(api, lead) -> None:  # ENG-4, X-5
    created = api.post(
        f"/api/engagements/{lead.pk}/quotations/", {"lines": LINES, "note": "首版"}, format="json"
    )
    assert created.status_code == 201 and created.json()["total"] == "103601.50"
    bad = api.post(
        f"/api/engagements/{lead.pk}/quotations/",
        {"lines": [{**LINES[0], "quantity": "-1"}]},
        format="json",
    )
    assert bad.status_code == 400
    assert [q["version"] for q in api.get(f"/api/engagements/{lead.pk}/quotations/").json()] == [1]


def test_client_users_cannot_write_and_others_engagements_are_404(
    client_user, other_client_user, lead
) -> None:  # SEC-2, SEC-3
    api = APIClient()
    api.force_authenticate(client_user)
    assert (
        api.post(
            f"/api/engagements/{lead.pk}/transition/",
            {"to_stage": "cancelled", "reason": "x"},
            format="json",
        ).status_code
        == 403
    )
    api.force_authenticate(other_client_user)
    assert api.get(f"/api/engagements/{lead.pk}/").status_code == 404
