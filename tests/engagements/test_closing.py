"""Delivery (ENG-10), acceptance (ENG-11) and follow-up (ENG-12) through their services, the
stage guards they register with the state machine (ENG-13), the closing section of the
engagement page and the API twins (X-5), including the client's verdict (CRM-2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from core.exceptions import ApplicationError, ConflictError, ForbiddenError, NotFoundError
from engagements.choices import Stage
from engagements.models import (
    AcceptanceRequest,
    DeliveryChecklistItem,
    DeliveryItem,
    Engagement,
    FollowUpObligation,
    Milestone,
    StageTransition,
)
from engagements.models.closing import ChecklistItem, ObligationKind
from engagements.models.meetings import MeetingKind
from engagements.models.plan import Phase
from engagements.services import closing as svc
from engagements.services import lifecycle
from engagements.services import meetings as meeting_svc
from engagements.services import plan as plan_svc
from tests.engagements.test_lifecycle import _advance_to
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
CLOSING_STAGES = [Stage.EXECUTION, Stage.DELIVERY, Stage.ACCEPTANCE, Stage.FOLLOW_UP, Stage.CLOSED]


@pytest.fixture(autouse=True)
def _english():
    """The assertions below read the services' messages in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def signer(db):
    return UserFactory(username="signer", roles=["admin"])


@pytest.fixture
def lead(project_manager, client_a):
    return lifecycle.engagement_intake(
        actor=project_manager,
        client=client_a,
        title="交付验收",
        service_type="management",
        source="market_research",
    )


# --- walking the main line with every precondition met ----------------------------------------


def kickoff_held(engagement: Engagement, pm) -> None:
    meeting = meeting_svc.meeting_create(
        actor=pm,
        engagement_id=engagement.pk,
        kind=MeetingKind.KICKOFF,
        title="项目启动会",
        held_at=timezone.now() - timedelta(days=7),
    )
    meeting_svc.meeting_record_minutes(actor=pm, meeting_id=meeting.pk, minutes="明确分工")


def work_done(engagement: Engagement, pm) -> None:
    milestone = plan_svc.milestone_create(
        actor=pm,
        engagement_id=engagement.pk,
        phase=Phase.RESEARCH,
        title="调研完成",
        planned_date=timezone.localdate(),
    )
    plan_svc.milestone_complete(actor=pm, milestone_id=milestone.pk)


def delivery_ready(engagement: Engagement, pm) -> None:
    for row in svc.delivery_checklist_seed(actor=pm, engagement=engagement):
        svc.delivery_checklist_tick(actor=pm, item_id=row.pk, done=True)
    item = add_item(engagement, pm)
    svc.delivery_item_deliver(actor=pm, item_id=item.pk)


def add_item(engagement: Engagement, pm, content: str = "诊断报告") -> DeliveryItem:
    return svc.delivery_item_add(
        actor=pm,
        engagement=engagement,
        content=content,
        mode="on_site",
        planned_at=timezone.now(),
        standard="客户签收",
    )


def request_round(engagement: Engagement, pm) -> AcceptanceRequest:
    return svc.acceptance_request(
        actor=pm, engagement=engagement, content="诊断报告终稿", criteria="覆盖全部需求"
    )


def verdict(actor, request: AcceptanceRequest, result: str, **extra) -> AcceptanceRequest:
    return svc.acceptance_verdict(
        actor=actor, request_id=request.pk, verdict=result, password=TEST_PASSWORD, **extra
    )


def walk(stage: str, engagement: Engagement, users: dict) -> Engagement:
    """From lead to ``stage``, satisfying each precondition just before its transition."""
    pm = users["pm"]
    engagement = _advance_to(
        Stage.KICKOFF,
        engagement,
        pm,
        users["technical_director"],
        users["legal_reviewer"],
        users["signer"],
    )
    for step in CLOSING_STAGES:
        if step == Stage.EXECUTION:
            kickoff_held(engagement, pm)
        elif step == Stage.DELIVERY:
            work_done(engagement, pm)
        elif step == Stage.ACCEPTANCE:
            delivery_ready(engagement, pm)
        elif step == Stage.FOLLOW_UP:
            verdict(users["client"], request_round(engagement, pm), "pass")
        elif step == Stage.CLOSED:
            for obligation in engagement.follow_up_obligations.all():
                svc.obligation_meet(actor=pm, obligation_id=obligation.pk, outcome="已完成")
        engagement = lifecycle.engagement_transition(actor=pm, engagement=engagement, to_stage=step)
        if step == stage:
            break
    return engagement


@pytest.fixture
def users(project_manager, technical_director, legal_reviewer, signer, client_user) -> dict:
    return {
        "pm": project_manager,
        "technical_director": technical_director,
        "legal_reviewer": legal_reviewer,
        "signer": signer,
        "client": client_user,
    }


def _refused(engagement: Engagement, pm, to_stage: str, match: str) -> None:
    """The transition is refused (409) naming ``match``, and nothing changes."""
    before = (engagement.stage, StageTransition.objects.filter(engagement=engagement).count())
    with pytest.raises(ConflictError, match=match) as refused:
        lifecycle.engagement_transition(actor=pm, engagement=engagement, to_stage=to_stage)
    assert refused.value.status_code == 409
    engagement.refresh_from_db()
    after = (engagement.stage, StageTransition.objects.filter(engagement=engagement).count())
    assert after == before


# --- guards (ENG-13) -------------------------------------------------------------------------


def test_delivery_needs_every_milestone_before_the_delivery_phase_completed(
    lead, users, project_manager
) -> None:  # ENG-10, ENG-13
    engagement = walk(Stage.EXECUTION, lead, users)
    _refused(engagement, project_manager, Stage.DELIVERY, "at least one milestone planned")
    research = Milestone.objects.create(
        engagement=engagement, phase=Phase.RESEARCH, title="调研", planned_date=timezone.localdate()
    )
    Milestone.objects.create(
        engagement=engagement, phase=Phase.DELIVERY, title="交付", planned_date=timezone.localdate()
    )
    _refused(engagement, project_manager, Stage.DELIVERY, r"completed \(1 still open\)")
    plan_svc.milestone_complete(actor=project_manager, milestone_id=research.pk)
    # The delivery phase's own milestones do not hold delivery back.
    moved = lifecycle.engagement_transition(
        actor=project_manager, engagement=engagement, to_stage=Stage.DELIVERY
    )
    assert moved.stage == Stage.DELIVERY


def test_acceptance_needs_the_checklist_complete_and_everything_delivered(
    lead, users, project_manager
) -> None:  # ENG-10, ENG-13
    engagement = walk(Stage.DELIVERY, lead, users)
    _refused(engagement, project_manager, Stage.ACCEPTANCE, "delivery checklist completed")
    _refused(engagement, project_manager, Stage.ACCEPTANCE, "at least one item on the delivery")
    rows = svc.delivery_checklist_seed(actor=project_manager, engagement=engagement)
    for row in rows[:-1]:
        svc.delivery_checklist_tick(actor=project_manager, item_id=row.pk, done=True)
    first = add_item(engagement, project_manager)
    add_item(engagement, project_manager, content="培训材料")
    svc.delivery_item_deliver(actor=project_manager, item_id=first.pk)
    _refused(engagement, project_manager, Stage.ACCEPTANCE, r"open: Delivery mode agreed")
    _refused(engagement, project_manager, Stage.ACCEPTANCE, r"delivered \(1 not yet\)")
    svc.delivery_checklist_tick(actor=project_manager, item_id=rows[-1].pk, done=True)
    for item in engagement.delivery_items.filter(delivered_at__isnull=True):
        svc.delivery_item_deliver(actor=project_manager, item_id=item.pk)
    moved = lifecycle.engagement_transition(
        actor=project_manager, engagement=engagement, to_stage=Stage.ACCEPTANCE
    )
    assert moved.stage == Stage.ACCEPTANCE


def test_follow_up_needs_a_passed_acceptance(lead, users, project_manager, client_user) -> None:
    # ENG-11, ENG-13
    engagement = walk(Stage.ACCEPTANCE, lead, users)
    _refused(engagement, project_manager, Stage.FOLLOW_UP, "acceptance request the client passed")
    failed = verdict(
        client_user, request_round(engagement, project_manager), "fail", reasons="缺附录"
    )
    _refused(engagement, project_manager, Stage.FOLLOW_UP, "acceptance request the client passed")
    second = svc.acceptance_resubmit(
        actor=project_manager, request_id=failed.pk, rectification="补充附录"
    )
    verdict(client_user, second, "pass")
    moved = lifecycle.engagement_transition(
        actor=project_manager, engagement=engagement, to_stage=Stage.FOLLOW_UP
    )
    assert moved.stage == Stage.FOLLOW_UP


def test_obligations_gate_closing_and_a_waiver_needs_a_reason(
    lead, users, project_manager
) -> None:  # ENG-12, ENG-13
    engagement = walk(Stage.FOLLOW_UP, lead, users)
    survey, revisit = engagement.follow_up_obligations.order_by("due_date")
    _refused(engagement, project_manager, Stage.CLOSED, r"met or waived with a reason \(2 open\)")
    with pytest.raises(ApplicationError, match="reason for waiving") as refused:
        svc.obligation_waive(actor=project_manager, obligation_id=revisit.pk, reason="  ")
    assert refused.value.extra == {"reason": [refused.value.message]}
    revisit.refresh_from_db()
    assert revisit.is_open
    svc.obligation_meet(actor=project_manager, obligation_id=survey.pk, outcome="满意度 4.6")
    waived = svc.obligation_waive(
        actor=project_manager, obligation_id=revisit.pk, reason="客户书面表示无需回访"
    )
    assert (waived.status, waived.closed_by) == ("waived", project_manager)
    with pytest.raises(ConflictError, match="already closed"):
        svc.obligation_meet(actor=project_manager, obligation_id=revisit.pk)
    closed = lifecycle.engagement_transition(
        actor=project_manager, engagement=engagement, to_stage=Stage.CLOSED
    )
    assert closed.stage == Stage.CLOSED


def test_closing_needs_the_standard_obligations_to_exist(lead, users, project_manager) -> None:
    # ENG-12, ENG-13
    engagement = walk(Stage.FOLLOW_UP, lead, users)
    engagement.follow_up_obligations.filter(kind=ObligationKind.REVISIT).delete()
    _refused(engagement, project_manager, Stage.CLOSED, "standard follow-up obligations")


def test_the_main_line_runs_from_lead_to_closed_recording_each_move(
    lead, users, project_manager
) -> None:  # ENG-10, ENG-11, ENG-12, ENG-13
    engagement = walk(Stage.CLOSED, lead, users)
    assert engagement.stage == Stage.CLOSED
    moves = list(
        StageTransition.objects.filter(engagement=engagement)
        .order_by("at", "id")
        .values_list("to_stage", flat=True)
    )
    assert moves[-5:] == ["execution", "delivery", "acceptance", "follow_up", "closed"]
    with pytest.raises(ConflictError):
        svc.obligation_add(
            actor=project_manager,
            engagement=engagement,
            kind=ObligationKind.REVISIT,
            description="再次回访",
            due_date=timezone.localdate(),
        )


# --- delivery (ENG-10) -----------------------------------------------------------------------


def test_the_checklist_is_seeded_once_and_ticked_only_by_the_project_manager(
    lead, users, project_manager, consultant
) -> None:  # ENG-10
    engagement = walk(Stage.DELIVERY, lead, users)
    engagement.members.add(consultant)
    svc.delivery_checklist_seed(actor=project_manager, engagement=engagement)
    rows = svc.delivery_checklist_seed(actor=project_manager, engagement=engagement)
    assert [row.item for row in rows] == ChecklistItem.values
    with pytest.raises(ForbiddenError):
        svc.delivery_checklist_tick(actor=consultant, item_id=rows[0].pk, done=True)
    ticked = svc.delivery_checklist_tick(actor=project_manager, item_id=rows[0].pk, done=True)
    assert ticked.done_by == project_manager and ticked.done_at is not None
    again = svc.delivery_checklist_tick(actor=project_manager, item_id=rows[0].pk, done=True)
    assert again.done_at == ticked.done_at  # ticking twice changes nothing
    unticked = svc.delivery_checklist_tick(actor=project_manager, item_id=rows[0].pk, done=False)
    assert (unticked.done_at, unticked.done_by) == (None, None)
    assert ticked.history.count() == 3  # created, ticked, unticked


def test_the_checklist_closes_once_the_engagement_is_in_acceptance(
    lead, users, project_manager
) -> None:  # ENG-10
    engagement = walk(Stage.ACCEPTANCE, lead, users)
    row = engagement.delivery_checklist.get(item=ChecklistItem.DELIVERY_MODE_AGREED)
    with pytest.raises(ConflictError, match="checklist closed"):
        svc.delivery_checklist_tick(actor=project_manager, item_id=row.pk, done=False)


def test_a_delivery_item_states_content_mode_time_and_standard(
    lead, users, project_manager
) -> None:  # ENG-10
    engagement = walk(Stage.EXECUTION, lead, users)
    base = {
        "actor": project_manager,
        "engagement": engagement,
        "content": "报告",
        "mode": "online",
        "planned_at": timezone.now(),
        "standard": "客户确认",
    }
    for bad, field in [({"standard": " "}, "standard"), ({"mode": "post"}, "mode")]:
        with pytest.raises(ApplicationError) as refused:
            svc.delivery_item_add(**{**base, **bad})
        assert field in refused.value.extra
    item = svc.delivery_item_add(**base)
    with pytest.raises(ConflictError, match="delivery stage"):
        svc.delivery_item_deliver(actor=project_manager, item_id=item.pk)
    work_done(engagement, project_manager)
    lifecycle.engagement_transition(
        actor=project_manager, engagement=engagement, to_stage=Stage.DELIVERY
    )
    with pytest.raises(ApplicationError, match="future"):
        svc.delivery_item_deliver(
            actor=project_manager,
            item_id=item.pk,
            delivered_at=timezone.now() + timedelta(hours=2),
        )
    delivered = svc.delivery_item_deliver(actor=project_manager, item_id=item.pk)
    assert delivered.delivered_by == project_manager
    with pytest.raises(ConflictError, match="already delivered"):
        svc.delivery_item_deliver(actor=project_manager, item_id=item.pk)


# --- acceptance (ENG-11) ---------------------------------------------------------------------


def test_acceptance_is_requested_in_acceptance_and_one_round_at_a_time(
    lead, users, project_manager, consultant
) -> None:  # ENG-11
    engagement = walk(Stage.DELIVERY, lead, users)
    with pytest.raises(ConflictError, match="in acceptance"):
        request_round(engagement, project_manager)
    delivery_ready(engagement, project_manager)
    lifecycle.engagement_transition(
        actor=project_manager, engagement=engagement, to_stage=Stage.ACCEPTANCE
    )
    with pytest.raises(ForbiddenError):
        request_round(engagement, consultant)
    with pytest.raises(ApplicationError) as refused:
        svc.acceptance_request(
            actor=project_manager, engagement=engagement, content="x", criteria=""
        )
    assert "criteria" in refused.value.extra
    first = request_round(engagement, project_manager)
    assert (first.round, first.status, first.requested_by) == (1, "pending", project_manager)
    with pytest.raises(ConflictError, match="already waiting"):
        request_round(engagement, project_manager)


def test_a_fail_needs_reasons_and_rectified_rounds_are_resubmitted_until_pass(
    lead, users, project_manager, client_user
) -> None:  # ENG-11, ENG-12
    engagement = walk(Stage.ACCEPTANCE, lead, users)
    first = request_round(engagement, project_manager)
    with pytest.raises(ApplicationError, match="reasons") as refused:
        verdict(client_user, first, "fail", reasons=" ")
    assert "reasons" in refused.value.extra
    first.refresh_from_db()
    assert first.status == "pending"
    failed = verdict(client_user, first, "fail", reasons="数据口径不一致")
    assert (failed.status, failed.verdict_by, failed.recorded_by) == (
        "failed",
        client_user,
        client_user,
    )
    assert len(failed.content_hash) == 64
    with pytest.raises(ConflictError, match="already has its verdict"):
        verdict(client_user, failed, "pass")
    with pytest.raises(ConflictError, match="resubmit"):
        request_round(engagement, project_manager)
    with pytest.raises(ApplicationError, match="rectified"):
        svc.acceptance_resubmit(actor=project_manager, request_id=failed.pk, rectification="")
    second = svc.acceptance_resubmit(
        actor=project_manager,
        request_id=failed.pk,
        rectification="统一数据口径",
        criteria="口径一致",
    )
    assert (second.round, second.resubmission_of, second.content) == (2, failed, failed.content)
    assert second.criteria == "口径一致"
    with pytest.raises(ConflictError, match="already resubmitted"):
        svc.acceptance_resubmit(actor=project_manager, request_id=failed.pk, rectification="再改")
    third = svc.acceptance_resubmit(
        actor=project_manager,
        request_id=verdict(client_user, second, "fail", reasons="附件缺失").pk,
        rectification="补齐附件",
    )
    passed = verdict(client_user, third, "pass")
    assert (passed.round, passed.status) == (3, "passed")
    # A pass after failed rounds adds rectification to the standard obligations (ENG-12).
    kinds = set(engagement.follow_up_obligations.values_list("kind", flat=True))
    assert kinds == {"satisfaction_survey", "revisit", "rectification"}
    rectification = engagement.follow_up_obligations.get(kind="rectification")
    assert "数据口径不一致" in rectification.description and "附件缺失" in rectification.description


def test_a_first_time_pass_creates_the_survey_and_the_revisit(
    lead, users, project_manager, client_user
) -> None:  # ENG-12
    engagement = walk(Stage.ACCEPTANCE, lead, users)
    verdict(client_user, request_round(engagement, project_manager), "pass")
    obligations = FollowUpObligation.objects.filter(engagement=engagement).order_by("due_date")
    assert [(o.kind, o.standard, o.status) for o in obligations] == [
        ("satisfaction_survey", True, "open"),
        ("revisit", True, "open"),
    ]
    today = timezone.localdate()
    assert [o.due_date for o in obligations] == [
        today + timedelta(days=14),
        today + timedelta(days=90),
    ]
    extra = svc.obligation_add(
        actor=project_manager,
        engagement=engagement,
        kind=ObligationKind.REVISIT,
        description="季度回访",
        due_date=today + timedelta(days=180),
    )
    assert not extra.standard and extra.created_by == project_manager


def test_the_project_manager_records_a_verdict_given_by_phone_naming_who_gave_it(
    lead, users, project_manager, consultant, client_user, other_client_user
) -> None:  # ENG-11
    engagement = walk(Stage.ACCEPTANCE, lead, users)
    engagement.members.add(consultant)
    pending = request_round(engagement, project_manager)
    with pytest.raises(ForbiddenError):
        verdict(consultant, pending, "pass", client_contact="周女士")
    with pytest.raises(NotFoundError):
        verdict(other_client_user, pending, "pass")
    with pytest.raises(ApplicationError, match="who at the client"):
        verdict(project_manager, pending, "pass")
    with pytest.raises(ApplicationError, match="user of the client"):
        verdict(project_manager, pending, "pass", on_behalf_of=other_client_user.pk)
    with pytest.raises(ApplicationError, match="password"):
        svc.acceptance_verdict(
            actor=project_manager,
            request_id=pending.pk,
            verdict="pass",
            password="wrong",
            client_contact="周女士",
        )
    pending.refresh_from_db()
    assert pending.status == "pending" and not FollowUpObligation.objects.exists()
    by_phone = verdict(project_manager, pending, "pass", on_behalf_of=client_user.pk)
    assert (by_phone.verdict_by, by_phone.recorded_by, by_phone.verdict_by_name) == (
        client_user,
        project_manager,
        str(client_user),
    )


# --- API (X-5, CRM-2) ------------------------------------------------------------------------


def _api(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_a_client_user_gives_the_verdict_through_the_api(
    lead, users, project_manager, client_user, other_client_user
) -> None:  # ENG-11, CRM-2
    engagement = walk(Stage.ACCEPTANCE, lead, users)
    pending = request_round(engagement, project_manager)
    url = f"/api/engagements/acceptance/{pending.pk}/verdict/"
    body = {"verdict": "fail", "reasons": "图纸缺页", "password": TEST_PASSWORD}
    assert _api().post(url, body, format="json").status_code == 401
    foreign = _api(other_client_user)
    assert foreign.post(url, body, format="json").status_code == 404
    assert foreign.get(f"/api/engagements/acceptance/{pending.pk}/").status_code == 404
    assert foreign.get(f"/api/engagements/{engagement.pk}/acceptance/").status_code == 404
    pending.refresh_from_db()
    assert pending.status == "pending"

    own = _api(client_user)
    no_reasons = own.post(url, {**body, "reasons": ""}, format="json")
    assert no_reasons.status_code == 400
    assert "reasons" in no_reasons.json()["error"]["fields"]
    response = own.post(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "failed"
    assert response.json()["verdict_by"] == client_user.pk
    rounds = own.get(f"/api/engagements/{engagement.pk}/acceptance/").json()["results"]
    assert [r["round"] for r in rounds] == [1]
    # Client users read and judge; the rest is the firm's (403).
    assert (
        own.post(
            f"/api/engagements/acceptance/{pending.pk}/resubmit/",
            {"rectification": "补页"},
            format="json",
        ).status_code
        == 403
    )
    assert (
        own.post(
            f"/api/engagements/{engagement.pk}/acceptance/",
            {"content": "x", "criteria": "y"},
            format="json",
        ).status_code
        == 403
    )
    assert own.get(f"/api/engagements/{engagement.pk}/follow-ups/").status_code == 403
    assert own.get(f"/api/engagements/{engagement.pk}/delivery-items/").status_code == 403


def test_delivery_acceptance_and_follow_up_through_the_api(
    lead, users, project_manager, client_user, engagement_b
) -> None:  # ENG-10, ENG-11, ENG-12, X-5
    engagement = walk(Stage.DELIVERY, lead, users)
    api = _api(project_manager)
    base = f"/api/engagements/{engagement.pk}"
    checklist = api.get(f"{base}/delivery-checklist/").json()
    assert [row["item"] for row in checklist] == ChecklistItem.values
    for row in checklist:
        ticked = api.post(
            f"/api/engagements/delivery-checklist/{row['id']}/tick/", {"done": True}, format="json"
        )
        assert ticked.status_code == 200 and ticked.json()["done"] is True
    bad = api.post(f"{base}/delivery-items/", {"content": "x"}, format="json")
    assert bad.status_code == 400
    created = api.post(
        f"{base}/delivery-items/",
        {
            "content": "最终报告",
            "delivery_mode": "online",
            "planned_at": timezone.now().isoformat(),
            "standard": "签收",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    item_id = created.json()["id"]
    delivered = api.post(f"/api/engagements/delivery-items/{item_id}/deliver/", {}, format="json")
    assert delivered.status_code == 200 and delivered.json()["delivered_at"]
    assert api.get(f"{base}/delivery-items/").json()["results"][0]["delivery_mode"] == "online"
    moved = api.post(f"{base}/transition/", {"to_stage": "acceptance"}, format="json")
    assert moved.status_code == 200, moved.json()

    requested = api.post(
        f"{base}/acceptance/", {"content": "最终报告", "criteria": "签收"}, format="json"
    )
    assert requested.status_code == 201 and requested.json()["round"] == 1
    judged = api.post(
        f"/api/engagements/acceptance/{requested.json()['id']}/verdict/",
        {"verdict": "pass", "password": TEST_PASSWORD, "client_contact": "周女士（电话）"},
        format="json",
    )
    assert judged.status_code == 200, judged.json()
    assert judged.json()["verdict_by_name"] == "周女士（电话）"
    assert judged.json()["recorded_by"] == project_manager.pk
    followed = api.post(f"{base}/transition/", {"to_stage": "follow_up"}, format="json")
    assert followed.status_code == 200, followed.json()

    obligations = api.get(f"{base}/follow-ups/").json()["results"]
    assert {o["kind"] for o in obligations} == {"satisfaction_survey", "revisit"}
    survey, revisit = sorted(obligations, key=lambda o: o["due_date"])
    blank = api.post(f"/api/engagements/follow-ups/{revisit['id']}/waive/", {}, format="json")
    assert blank.status_code == 400 and blank.json()["error"]["fields"]["reason"]
    closing = api.post(f"{base}/transition/", {"to_stage": "closed"}, format="json")
    assert closing.status_code == 409
    assert "2" in closing.json()["error"]["message"]
    met = api.post(
        f"/api/engagements/follow-ups/{survey['id']}/meet/", {"outcome": "已回收"}, format="json"
    )
    assert met.json()["status"] == "met"
    waived = api.post(
        f"/api/engagements/follow-ups/{revisit['id']}/waive/",
        {"reason": "客户要求取消"},
        format="json",
    )
    assert waived.json()["status"] == "waived"
    assert api.post(f"{base}/transition/", {"to_stage": "closed"}, format="json").status_code == 200
    # Another organisation's engagement is invisible to this project manager.
    assert api.get(f"/api/engagements/{engagement_b.pk}/delivery-items/").status_code == 404


# --- the closing section of the engagement page ----------------------------------------------


def _section(client, engagement: Engagement):
    return client.get(reverse("engagements:closing_section", args=[engagement.pk]), **HTMX)


def test_the_closing_tab_loads_its_section_and_seeds_the_checklist(
    client, lead, users, project_manager, consultant, client_user, engagement_b
) -> None:  # ENG-10
    engagement = walk(Stage.DELIVERY, lead, users)
    engagement.members.add(consultant)
    client.force_login(project_manager)
    page = client.get(f"/engagements/{engagement.pk}/?tab=closing")
    assert page.status_code == 200
    assert reverse("engagements:closing_section", args=[engagement.pk]) in page.content.decode()
    section = _section(client, engagement)
    assert section.status_code == 200
    html = section.content.decode()
    assert html.count('data-testid="checklist-item"') == len(ChecklistItem.values)
    assert (
        'data-testid="delivery-form"' in html
        and 'alert-warning small py-2" data-testid="closing-missing' in html
    )
    assert DeliveryChecklistItem.objects.filter(engagement=engagement).count() == 5

    client.force_login(consultant)  # on the team: reads, but no forms
    html = _section(client, engagement).content.decode()
    assert 'data-testid="checklist-tick"' not in html and "delivery-form" not in html
    assert _section(client, engagement_b).status_code == 404
    client.force_login(client_user)
    assert _section(client, engagement).status_code == 403
    client.logout()
    assert _section(client, engagement).status_code == 302  # to the login page


def test_ticking_the_checklist_with_htmx_answers_the_checklist_card(
    client, lead, users, project_manager
) -> None:  # ENG-10
    engagement = walk(Stage.DELIVERY, lead, users)
    client.force_login(project_manager)
    _section(client, engagement)
    row = engagement.delivery_checklist.get(item=ChecklistItem.DELIVERABLES_PACKAGED)
    url = reverse("engagements:checklist_tick", args=[row.pk])
    response = client.post(url, {"done": "true"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="delivery-checklist"')
    assert 'data-testid="checklist-count">1/5' in html
    row.refresh_from_db()
    assert row.is_done
    # Without htmx the same step redirects back to the tab.
    plain = client.post(url, {"done": "false"})
    assert plain.status_code == 302 and plain["Location"].endswith("?tab=closing")


def test_a_refused_verdict_shows_the_form_again_with_the_input(
    client, lead, users, project_manager
) -> None:  # ENG-11
    engagement = walk(Stage.ACCEPTANCE, lead, users)
    pending = request_round(engagement, project_manager)
    client.force_login(project_manager)
    url = reverse("engagements:acceptance_verdict", args=[pending.pk])
    response = client.post(
        url,
        {
            "verdict-verdict": "fail",
            "verdict-reasons": "",
            "verdict-client_contact": "周女士电话告知",
            "verdict-password": TEST_PASSWORD,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "周女士电话告知" in html and 'data-testid="closing-form"' in html
    pending.refresh_from_db()
    assert pending.status == "pending"
    done = client.post(
        url,
        {
            "verdict-verdict": "fail",
            "verdict-reasons": "结论缺少数据支撑",
            "verdict-client_contact": "周女士电话告知",
            "verdict-password": TEST_PASSWORD,
        },
    )
    assert done.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.verdict_by_name) == ("failed", "周女士电话告知")
    html = _section(client, engagement).content.decode()
    assert 'data-testid="resubmit-form"' in html and "结论缺少数据支撑" in html


def test_a_refused_waiver_shows_the_form_again(client, lead, users, project_manager) -> None:
    # ENG-12
    engagement = walk(Stage.FOLLOW_UP, lead, users)
    obligation = engagement.follow_up_obligations.get(kind=ObligationKind.REVISIT)
    client.force_login(project_manager)
    url = reverse("engagements:obligation_waive", args=[obligation.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "客户书面放弃"}).status_code == 302
    obligation.refresh_from_db()
    assert obligation.waiver_reason == "客户书面放弃"


def _grow(engagement: Engagement, pm, client_user, count: int) -> None:
    """``count`` delivery items and ``count`` acceptance rounds (all but the last failed)."""
    for i in range(count):
        DeliveryItem.objects.create(
            engagement=engagement,
            content=f"成果{i}",
            mode="online",
            planned_at=timezone.now(),
            standard="签收",
            created_by=pm,
            delivered_at=timezone.now(),
            delivered_by=pm,
        )
    current = request_round(engagement, pm)
    for _i in range(count - 1):
        failed = verdict(client_user, current, "fail", reasons="待完善")
        current = svc.acceptance_resubmit(actor=pm, request_id=failed.pk, rectification="已完善")


@pytest.mark.parametrize("viewer", ["pm", "consultant"])
def test_the_closing_section_runs_a_fixed_number_of_queries(
    client, project_manager, consultant, client_user, client_a, viewer
) -> None:  # ENG-10, ENG-11
    counts = []
    for size in (2, 10):
        engagement = Engagement.objects.create(
            code=f"ENG-Q-{size}",
            title="查询计数",
            client=client_a,
            project_manager=project_manager,
            stage=Stage.ACCEPTANCE,
        )
        engagement.members.add(consultant)
        _grow(engagement, project_manager, client_user, size)
        client.force_login(project_manager if viewer == "pm" else consultant)
        assert _section(client, engagement).status_code == 200  # first view seeds
        with CaptureQueriesContext(connection) as ctx:
            response = _section(client, engagement)
        assert response.status_code == 200
        assert response.content.decode().count('data-testid="acceptance-round"') == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_closing_lists_of_the_api_run_a_fixed_number_of_queries(
    project_manager, client_user, client_a
) -> None:  # ENG-10, ENG-11, ENG-12, X-5
    counts: dict[str, list[int]] = {}
    api = _api(project_manager)
    for size in (2, 10):
        engagement = Engagement.objects.create(
            code=f"ENG-A-{size}",
            title="接口计数",
            client=client_a,
            project_manager=project_manager,
            stage=Stage.ACCEPTANCE,
        )
        _grow(engagement, project_manager, client_user, size)
        for i in range(size):
            FollowUpObligation.objects.create(
                engagement=engagement,
                kind=ObligationKind.REVISIT,
                description=f"回访{i}",
                due_date=timezone.localdate(),
                status="met",
                closed_at=timezone.now(),
                closed_by=project_manager,
                created_by=project_manager,
            )
        for path in ("delivery-items", "acceptance", "follow-ups"):
            with CaptureQueriesContext(connection) as ctx:
                response = api.get(f"/api/engagements/{engagement.pk}/{path}/")
            assert response.status_code == 200 and len(response.json()["results"]) == size
            counts.setdefault(path, []).append(len(ctx.captured_queries))
    assert all(first == second for first, second in counts.values()), counts
