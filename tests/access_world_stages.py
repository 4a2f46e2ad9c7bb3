"""Later-stage objects of the permission-matrix world (tests/access_world.py): one object in
each state a write needs to succeed, so that the allowed actor is held to 2xx instead of a
409 for the world's state (SEC-1…SEC-3).

Engagements are written at their stage by the factory, as the project's own tests do
(tests/quality/test_audits.py, tests/engagements/test_list.py): walking each through the
whole lifecycle would make the module's one world build several times slower, and the
closing and quality services check only the stage and the step's own records. Those records
(proposal, contract, acceptance rounds, reviews, findings, actions, audits, incidents,
complaints) are then made through their services, so each is in a state the services made."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from engagements.choices import Stage
from tests.factories import TEST_PASSWORD, EngagementFactory

if TYPE_CHECKING:
    from tests.access_world import World

CONTRACT = {
    "scope": "范围",
    "term": "期限",
    "payment": "付款",
    "confidentiality": "保密",
    "liability": "责任",
}
LEGAL_CHECKLIST = {"complete": True, "accurate": True, "legal": True, "risk_clauses": True}


def add_later_stages(w: World) -> None:
    _engagements(w)
    _reviews(w)
    _quality(w)
    _risk_clients_staff(w)


def _engagement(
    w: World, kind: str, stage: str, *, declared: bool = True, major: bool = False
) -> Any:
    """Client A's engagement at ``stage``, with the same team as the world's engagement."""
    from staff.models import Declaration

    u = w.users
    engagement: Any = EngagementFactory(
        client=w.objects["client_a"],
        project_manager=u["pm"],
        title=f"矩阵{kind}",
        stage=stage,
        is_major=major,
    )
    for member in (u["consultant"], u["lead"]):
        engagement.members.add(member)
        if declared:
            Declaration.objects.create(
                engagement=engagement, user=member, independent=True, declared_at=timezone.now()
            )
    return w.add(kind, engagement)


def _engagements(w: World) -> None:  # noqa: PLR0915 - one flat list of states reads best
    from engagements.services import closing
    from engagements.services import lifecycle as svc

    u = w.users
    pm = u["pm"]

    # ENG-13: on hold (from a lead), to resume.
    held = _engagement(w, "engagement_held", Stage.LEAD)
    w.add(
        "engagement_held",
        svc.engagement_transition(actor=pm, engagement=held, to_stage=Stage.ON_HOLD, reason="暂停"),
    )
    # ENG-3: the assessment recorded in full, not yet concluded.
    feasibility = _engagement(w, "engagement_feasibility", Stage.FEASIBILITY)
    svc.feasibility_save(
        actor=pm,
        engagement=feasibility,
        **{f: "专家" for f in ("technical", "economic", "time")},
        **{f"{f}_experts": "专家" for f in ("technical", "economic", "time")},
    )
    # ENG-5: the proposal passed the internal review, not yet sent.
    proposal = _engagement(w, "engagement_proposal", Stage.PROPOSAL)
    svc.proposal_save(
        actor=pm, engagement=proposal, objectives="目标", scope="范围", deliverables="成果"
    )
    svc.proposal_review(actor=u["td"], engagement=proposal, decision="pass", password=TEST_PASSWORD)
    # ENG-6: the contract passed the legal review, not yet signed …
    contract = _engagement(w, "engagement_contract", Stage.CONTRACT)
    svc.contract_save(actor=pm, engagement=contract, **CONTRACT)
    svc.contract_legal_review(
        actor=u["legal"],
        engagement=contract,
        decision="pass",
        checklist=LEGAL_CHECKLIST,
        password=TEST_PASSWORD,
    )
    # … and signed (kickoff), to distribute copies.
    signed = _engagement(w, "engagement_signed", Stage.KICKOFF)
    svc.contract_save(actor=pm, engagement=signed, **CONTRACT)
    svc.contract_legal_review(
        actor=u["legal"],
        engagement=signed,
        decision="pass",
        checklist=LEGAL_CHECKLIST,
        password=TEST_PASSWORD,
    )
    svc.contract_sign(actor=u["td"], engagement=signed, password=TEST_PASSWORD)

    # ENG-10, ENG-11: in acceptance with no round yet, and an item still to hand over.
    acceptance = _engagement(w, "engagement_acceptance", Stage.ACCEPTANCE)
    item = closing.delivery_item_add(
        actor=pm,
        engagement=acceptance,
        content="补充报告",
        mode="online",
        planned_at=timezone.now(),
        standard="签收",
    )
    w.add("delivery_item_open", item, item_pk=item.pk)
    # A round waiting for the client's verdict.
    waiting = _engagement(w, "engagement_verdict", Stage.ACCEPTANCE)
    pending = closing.acceptance_request(
        actor=pm, engagement=waiting, content="终稿", criteria="标准"
    )
    w.add("acceptance_pending", pending, request_pk=pending.pk)
    # A failed round, to resubmit after rectification.
    rework = _engagement(w, "engagement_rework", Stage.ACCEPTANCE)
    failed = closing.acceptance_request(
        actor=pm, engagement=rework, content="终稿", criteria="标准"
    )
    closing.acceptance_verdict(
        actor=pm,
        request_id=failed.pk,
        verdict="fail",
        reasons="缺页",
        client_contact="甲方联系人",
        password=TEST_PASSWORD,
    )
    w.add("acceptance_failed", failed, request_pk=failed.pk)
    # ENG-12: accepted and in follow-up, its standard obligations open.
    follow_up = _engagement(w, "engagement_follow_up", Stage.ACCEPTANCE)
    passed = closing.acceptance_request(
        actor=pm, engagement=follow_up, content="终稿", criteria="标准"
    )
    closing.acceptance_verdict(
        actor=u["client"], request_id=passed.pk, verdict="pass", password=TEST_PASSWORD
    )
    follow_up = w.add(
        "engagement_follow_up",
        svc.engagement_transition(actor=pm, engagement=follow_up, to_stage=Stage.FOLLOW_UP),
    )
    obligation = follow_up.follow_up_obligations.order_by("pk").first()
    w.add("obligation_open", obligation, obligation_pk=obligation.pk)
    # QC-12: a closed engagement can become a case; audits cover engagements past the lead.
    _engagement(w, "engagement_closed", Stage.CLOSED)
    # STF-5: the consultant is on the team but has not declared yet.
    _engagement(w, "engagement_undeclared", Stage.EXECUTION, declared=False)


def _version(w: World, engagement: Any) -> Any:
    from tests.access_world import PDF
    from tests.quality.factories import deliverable, new_version

    document = deliverable(engagement=engagement, author=w.users["consultant"])
    document.confidentiality = "confidential"
    document.save(update_fields=["confidentiality"])
    # Distinct bytes per version: the checksum identifies a file.
    return new_version(
        document, author=w.users["consultant"], content=PDF + f"% {document.code}\n".encode()
    )


def _reviews(w: World) -> None:
    """QC-1…QC-5: a version not yet submitted; a first level with nothing open; a finding
    returned to the author; one answered; a version through every level; and a major
    engagement's version waiting for the expert panel (whose opinion prevails)."""
    from quality.services import reviews

    u = w.users
    eng = w.objects["engagement"]
    w.add("version_draft", _version(w, eng))

    def submitted() -> Any:
        review = reviews.review_submit(actor=u["consultant"], version=_version(w, eng))
        return review.levels.get(position=review.current_position)

    level = submitted()
    w.add("level_clean", level, level_pk=level.pk)

    def returned() -> Any:
        level = submitted()
        finding = reviews.finding_raise(
            actor=u["lead"], level_id=level.pk, location="p.2", severity="minor", description="漏项"
        )
        reviews.level_return(actor=u["lead"], level_id=level.pk)
        return finding

    finding = returned()
    w.add("finding_returned", finding, finding_pk=finding.pk)
    finding = returned()
    reviews.finding_answer(actor=u["consultant"], finding_id=finding.pk, answer="已改")
    w.add("finding_answered", finding, finding_pk=finding.pk)

    def signed_through(engagement: Any, signers: list[str]) -> Any:
        version = _version(w, engagement)
        review = reviews.review_submit(actor=u["consultant"], version=version)
        for name, level in zip(signers, review.levels.order_by("position"), strict=False):
            reviews.review_sign(actor=u[name], level_id=level.pk, password=TEST_PASSWORD)
        review.refresh_from_db()
        return version, review

    version, _review = signed_through(eng, ["lead", "pm", "td"])
    w.add("version_passed", version)
    major = _engagement(w, "engagement_major", Stage.EXECUTION, major=True)
    _version_major, review = signed_through(major, ["lead", "pm", "td"])
    panel = review.levels.get(position=review.current_position)
    w.add("level_panel", panel, level_pk=panel.pk)


def _quality(w: World) -> None:
    """QC-6…QC-13: corrective actions in Do, Check and Act; audit entries scored, and with the
    written opinion sent; an audit ready to conclude and one concluded this year."""
    from quality.models import Audit
    from quality.services import audits, improvement
    from quality.services.audits import default_template

    u = w.users
    eng = w.objects["engagement"]

    def action(stage: str) -> Any:
        found = improvement.action_open(
            source_kind="audit",
            source_text="问题",
            engagement=eng,
            owner=u["pm"],
            actor=u["qa"],
            title=f"纠正{stage}",
        )
        found = improvement.action_plan_save(actor=u["pm"], action=found, plan="措施")
        if stage in ("check", "act"):
            found = improvement.action_do_record(actor=u["pm"], action=found, done_note="已做")
        if stage == "act":
            found = improvement.action_verify(
                actor=u["qa"], action=found, effective=True, note="有效"
            )
        return found

    w.add("action_doing", action("do"))
    w.add("action_checking", action("check"))
    w.add("action_verified", action("act"))

    criteria_points: dict[int, Any] = {}

    def audit(code: str, engagements: list[Any]) -> tuple[Any, list[Any]]:
        row = Audit.objects.create(
            code=code,
            kind="scheduled",
            title="审核",
            planned_date=timezone.localdate(),
            template=default_template(),
            lead_auditor=u["qa"],
            created_by=u["qa"],
        )
        if not criteria_points:
            criteria_points.update({c.pk: 0 for c in row.template.criteria.all()})
        entries = []
        for engagement in engagements:
            entry = audits.audit_add_engagement(actor=u["qa"], audit=row, engagement=engagement)
            entries.append(audits.audit_score(actor=u["qa"], entry=entry, points=criteria_points))
        return row, entries

    scored, (entry, opined) = audit(
        "AUD-M-2", [w.objects["engagement_closed"], w.objects["engagement_follow_up"]]
    )
    w.add("audit_scored", scored)
    w.add("audit_entry_scored", entry, entry_pk=entry.pk)
    opined = audits.audit_opinion_send(actor=u["qa"], entry=opined, opinion="意见")
    w.add("audit_entry_opined", opined, entry_pk=opined.pk)
    done, _entries = audit("AUD-M-3", [w.objects["engagement_closed"]])
    audits.audit_conclude(actor=u["qa"], audit=done)
    # The audit plan form's checklist choice.
    w.objects["checklist_template"] = default_template()


def _risk_clients_staff(w: World) -> None:
    """RSK-5: incidents with every plan step done, and resolved; CRM-3: a complaint analysed
    as a process problem and answered; STF-3: the appraisal's interview; STF-5: a declared
    conflict of interest to clear."""
    from clients.services import complaints
    from risk.services import incidents
    from staff.models import Declaration
    from staff.services.appraisal import interview_record

    u = w.users
    eng = w.objects["engagement"]

    def handled() -> Any:
        incident = incidents.incident_report(
            actor=u["pm"],
            engagement_id=eng.pk,
            category_id=w.objects["category"].pk,
            title="事件",
            description="经过",
            severity="minor",
        )
        for step in incident.steps.order_by("order"):
            incidents.incident_step_done(actor=u["pm"], incident_id=incident.pk, step_id=step.pk)
        return incident

    w.add("incident_handled", handled())
    resolved = handled()
    w.add("incident_resolved", incidents.incident_resolve(actor=u["pm"], incident_id=resolved.pk))

    complaint = complaints.complaint_submit(
        actor=u["client"],
        nature="service",
        subject="矩阵整改",
        description="内容",
        engagement_id=eng.pk,
    )
    complaints.complaint_analyse(
        actor=u["pm"], complaint_id=complaint.pk, analysis="流程问题", process_problem=True
    )
    w.add(
        "complaint_feedback",
        complaints.complaint_feedback(actor=u["pm"], complaint_id=complaint.pk, body="结果"),
    )

    interview_record(
        actor=u["qa"],
        appraisal_id=w.objects["appraisal"].pk,
        held_on=timezone.localdate() - timedelta(days=1),
        notes="面谈",
    )
    # STF-5: the lead declared a conflict on an engagement of its own (on the undeclared
    # one, both members still have to declare).
    conflicted = _engagement(w, "engagement_conflicted", Stage.EXECUTION, declared=False)
    w.add(
        "declaration_conflict",
        Declaration.objects.create(
            engagement=conflicted,
            user=u["lead"],
            independent=True,
            conflicts="亲属在甲方任职",
            declared_at=timezone.now(),
        ),
    )
