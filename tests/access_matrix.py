"""The permission matrix (SEC-1, SEC-2, SEC-3): every named URL of the project → who may use
it, which world object fills its parameters, and the methods to try. Run by
tests/core/test_access_matrix.py against the world of tests/access_world.py.

One entry per URL name, one line each:

    "app:url-name": E("pm admin", "engagement", methods="GET POST"),

* ``who`` — the actors (tests/access_world.ACTORS, client A's side) that may read it; every
  other actor, and ``outsider`` (an account without a role), must be refused (403/404).
* ``obj`` — the world object kind filling the URL's parameters (``None`` for no parameters).
* ``methods`` — GET reads; POST/PUT/PATCH/DELETE are tried with ``body`` (below), or an empty
  one where there is none yet (each request's savepoint is rolled back either way).
* ``writers`` — who may write, when not the same as ``who``.
* ``scoped=False`` — not tenant data (firm-wide records): no other-client case.
* ``others`` — the out-of-scope actors that must get 404 on the object; default: client B's
  twin of each scoped actor allowed (consultant_b, pm_b, lead_b, client_b). The clients
  app's records (complaints, surveys, consents, support requests, the client) are firm-wide
  for relations staff: there only client_b is out of scope.
* ``ok`` — statuses that count as allowed besides 2xx (e.g. "404": the record does not exist
  yet for the world's engagement, which the owner sees as missing too; "409": the world's
  state does not allow the step, said in a comment beside the entry).
* ``body`` — a minimal valid body for the writes (JSON for the API, form-encoded for pages;
  ``{}`` when the write takes none). With it the writes are held to the read rules: allowed →
  2xx (or a redirect not to the login page), wrong role → 403/404 (never 400: a valid body
  proves the gate, not the validation, refused it), another client → 404. Without it a write
  is tried with an empty body and only has to get past the gate; test_write_bodies_ratchet
  keeps the number of such entries from growing.

A URL without an entry fails the suite, naming the entry to add.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class E:
    who: str
    obj: str | None = None
    methods: str = "GET"
    writers: str | None = None
    scoped: bool = True
    others: str | None = None
    ok: str = ""
    body: dict[str, Any] | None = None

    @property
    def readers(self) -> frozenset[str]:
        return frozenset(self.who.split()) - {"nobody"}

    def allowed(self, method: str) -> frozenset[str]:
        if method != "GET" and self.writers is not None:
            return frozenset(self.writers.split()) - {"nobody"}
        return self.readers


STAFF = "consultant pm lead td qa legal admin"
ANYONE = STAFF + " client outsider"  # every signed-in account (its own data)
RELATIONS = "pm td qa legal admin"  # client relations staff (CRM)
# The world engagement's team: its members, its project manager and the administrator
# (engagements.permissions.can_work_on) log work and add documents.
TEAM = "consultant pm lead admin"

# A write whose step needs a later state than the world's engagement (a lead), version (at
# its first level, with an open finding), complaint, action, audit or incident names the
# world kind in that state (tests/access_world_stages.py: engagement_proposal,
# acceptance_pending, finding_answered, action_verified, …), so the allowed actor is held to
# 2xx. ok="409" is left only where no world state lets the step succeed, said beside it;
# test_conflicts_ratchet keeps their number from growing.
MATRIX: dict[str, E] = {
    "home": E(ANYONE),
    "password_change": E(ANYONE),
    "password_change_done": E(ANYONE),
    "notifications:inbox": E(ANYONE),
    "notifications:mark_read": E("consultant", "notification", methods="POST", body={}),
    "notifications:mark_all_read": E(ANYONE, methods="POST", body={}),
    "notifications:preferences": E(
        ANYONE, methods="GET POST", body={"mode_complaint_changed": "digest"}
    ),
    "engagements:list": E(STAFF),
    "engagements:intake": E("pm admin"),
    "engagements:board": E(STAFF),
    "engagements:detail": E(STAFF, "engagement"),
    "engagements:transition": E(
        STAFF,
        "engagement",
        methods="POST",
        body={"to_stage": "on_hold", "reason": "r"},
        writers="pm admin",
    ),
    "engagements:resume": E("pm admin", "engagement_held", methods="POST", body={}),
    "engagements:answer": E(STAFF, "engagement", methods="POST", body={}),
    "engagements:budget": E("pm admin", "engagement", methods="POST", body={"budget": "1000.00"}),
    "engagements:requirements": E(
        "pm admin", "engagement", methods="POST", body={"background": "b"}
    ),
    "engagements:feasibility": E("pm admin", "engagement", methods="POST", body={"technical": "t"}),
    "engagements:conclude": E(
        STAFF,
        "engagement_feasibility",
        methods="POST",
        body={"conclusion": "accept"},
        writers="pm admin",
    ),
    "engagements:quotation": E(
        STAFF,
        "engagement",
        methods="POST",
        body={
            "currency": "CNY",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-kind": "fee",
            "lines-0-description": "d",
            "lines-0-quantity": "1",
            "lines-0-unit_price": "100",
        },
        writers="pm admin",
    ),
    "engagements:proposal": E("pm admin", "engagement", methods="POST", body={"objectives": "o"}),
    "engagements:proposal_review": E(
        STAFF,
        "engagement_proposal",
        methods="POST",
        body={"decision": "pass", "password": "@password"},
        writers="td qa admin",
    ),
    "engagements:proposal_send": E("pm admin", "engagement_proposal", methods="POST", body={}),
    "engagements:contract": E("pm admin", "engagement", methods="POST", body={"scope": "s"}),
    "engagements:legal_review": E(
        STAFF,
        "engagement_contract",
        methods="POST",
        body={
            "decision": "pass",
            "password": "@password",
            "complete": "on",
            "accurate": "on",
            "legal": "on",
            "risk_clauses": "on",
        },
        writers="legal",
    ),
    "engagements:contract_sign": E(
        STAFF,
        "engagement_contract",
        methods="POST",
        body={"password": "@password"},
        writers="td admin",
    ),
    "engagements:contract_copy": E(
        STAFF,
        "engagement_signed",
        methods="POST",
        body={"recipient": "r", "copies": "1"},
        writers="pm admin",
    ),
    "engagements:plan_section": E(STAFF, "engagement"),
    "engagements:team_member_add": E(
        "pm admin",
        "engagement",
        methods="GET POST",
        body={"user": "@user.td", "role": "consultant"},
    ),
    "engagements:team_member_remove": E("pm admin", "team_member", methods="POST", body={}),
    "engagements:milestone_create": E(
        "pm admin",
        "engagement",
        methods="GET POST",
        body={"phase": "execution", "title": "t", "planned_date": "@today", "order": "0"},
    ),
    "engagements:milestone_row": E(STAFF, "milestone"),
    "engagements:milestone_update": E(
        "pm admin",
        "milestone",
        methods="GET POST",
        body={"phase": "execution", "title": "t", "planned_date": "@today", "order": "0"},
    ),
    "engagements:progress_log": E(
        TEAM, "milestone", methods="GET POST", body={"percent_complete": "50"}
    ),
    "engagements:milestone_complete": E("pm admin", "milestone", methods="POST", body={}),
    "engagements:time_log": E(
        TEAM,
        "engagement",
        methods="GET POST",
        body={"day": "@today", "hours": "1.00"},
    ),
    "engagements:expense_log": E(
        TEAM,
        "engagement",
        methods="GET POST",
        body={"day": "@today", "kind": "travel", "amount": "10.00"},
    ),
    "engagements:meeting_create": E(
        "pm admin",
        "engagement",
        methods="GET POST",
        body={"kind": "weekly", "title": "t", "held_at": "@now"},
    ),
    "engagements:meeting_detail": E(STAFF, "meeting"),
    "engagements:meeting_minutes": E(
        STAFF, "meeting", methods="POST", body={"minutes": "m"}, writers="pm admin"
    ),
    "engagements:action_item_add": E(
        STAFF,
        "meeting",
        methods="POST",
        body={"description": "d", "owner": "@user.consultant", "due_date": "@today"},
        writers="pm admin",
    ),
    "engagements:meeting_distribute": E("pm admin", "meeting", methods="POST", body={}),
    "engagements:action_item_done": E(
        "consultant pm admin", "action_item", methods="POST", body={}
    ),
    "engagements:progress_report_create": E(
        "pm admin",
        "engagement",
        methods="GET POST",
        body={"period_start": "@today", "period_end": "@today", "summary": "s"},
    ),
    "engagements:reporting_cadence": E(
        "pm admin", "engagement", methods="GET POST", body={"every_days": "7"}
    ),
    "engagements:progress_report_send": E("pm admin", "progress_report", methods="POST", body={}),
    "engagements:closing_section": E(STAFF, "engagement"),
    "engagements:checklist_tick": E(
        STAFF, "checklist_item", methods="GET POST", body={"done": "on"}, writers="pm admin"
    ),
    "engagements:delivery_item_add": E(
        STAFF,
        "engagement",
        methods="GET POST",
        body={
            "delivery-content": "c",
            "delivery-mode": "online",
            "delivery-planned_at": "@now",
            "delivery-standard": "s",
        },
        writers="pm admin",
    ),
    "engagements:delivery_item_deliver": E(
        STAFF,
        "delivery_item_open",
        methods="GET POST",
        body={"delivered_at": "@now"},
        writers="pm admin",
    ),
    "engagements:acceptance_request": E(
        STAFF,
        "engagement_acceptance",
        methods="GET POST",
        body={"acceptance-content": "c", "acceptance-criteria": "c"},
        writers="pm admin",
    ),
    "engagements:acceptance_resubmit": E(
        STAFF,
        "acceptance_failed",
        methods="GET POST",
        body={"resubmit-rectification": "r"},
        writers="pm admin",
    ),
    "engagements:acceptance_verdict": E(
        STAFF,
        "acceptance_pending",
        methods="GET POST",
        body={
            "verdict-verdict": "pass",
            "verdict-password": "@password",
            "verdict-client_contact": "c",
        },
        writers="pm admin",
    ),
    "engagements:obligation_add": E(
        STAFF,
        "engagement_follow_up",
        methods="GET POST",
        body={
            "obligation-kind": "revisit",
            "obligation-description": "d",
            "obligation-due_date": "@today",
        },
        writers="pm admin",
    ),
    "engagements:obligation_meet": E(
        STAFF, "obligation", methods="GET POST", body={"outcome": "o"}, writers="pm admin"
    ),
    "engagements:obligation_waive": E(
        STAFF, "obligation_open", methods="GET POST", body={"reason": "r"}, writers="pm admin"
    ),
    "clients:list": E(RELATIONS),
    "clients:complaints": E(RELATIONS),
    "clients:complaint_log": E(
        RELATIONS,
        methods="GET POST",
        body={
            "client": "@client_a",
            "channel": "phone",
            "received_at": "@now",
            "contact_name": "c",
            "nature": "service",
            "severity": "minor",
            "subject": "s",
            "description": "d",
        },
    ),
    "clients:complaint": E(RELATIONS, "complaint"),
    "clients:complaint_classify": E(
        RELATIONS,
        "complaint",
        methods="POST",
        body={"classify-nature": "service", "classify-severity": "minor"},
    ),
    "clients:complaint_respond": E(
        RELATIONS, "complaint", methods="POST", body={"respond-body": "b"}
    ),
    "clients:complaint_analyse": E(
        RELATIONS, "complaint", methods="POST", body={"analyse-analysis": "a"}
    ),
    "clients:complaint_feedback": E(
        RELATIONS, "complaint", methods="POST", body={"feedback-body": "b"}
    ),
    "clients:complaint_rectified": E(
        RELATIONS, "complaint_feedback", methods="POST", body={"rectified-note": "n"}
    ),
    "clients:complaint_reply": E(RELATIONS, "complaint", methods="POST", body={"reply-body": "b"}),
    "clients:complaint_attachment": E(RELATIONS, "complaint_attachment"),
    "clients:csat": E(RELATIONS),
    "clients:communications": E(
        STAFF,
        methods="GET POST",
        body={
            "engagement": "@engagement",
            "channel": "phone",
            "direction": "inbound",
            "occurred_at": "@now",
            "subject": "s",
            "summary": "s",
        },
    ),
    "quality:index": E("pm lead td qa admin"),
    "quality:review_inbox": E(STAFF),
    "quality:review_version": E(STAFF, "version"),
    "quality:review_submit": E(STAFF, "version_draft", methods="POST", body={}, writers=TEAM),
    "quality:review_defect": E(
        "pm qa admin",
        "version_passed",
        methods="POST",
        body={"source": "client", "description": "d"},
    ),
    "quality:review_finding_add": E(
        STAFF,
        "level",
        methods="POST",
        body={"location": "p", "severity": "minor", "description": "d"},
        writers="lead",
    ),
    "quality:review_return": E(STAFF, "level", methods="POST", body={}, writers="lead"),
    "quality:review_sign": E(
        STAFF, "level_clean", methods="POST", body={"password": "@password"}, writers="lead"
    ),
    "quality:review_reject": E(
        STAFF,
        "level_panel",
        methods="POST",
        body={"password": "@password", "reason": "r"},
        writers="qa",
    ),
    "quality:review_finding_answer": E(
        STAFF, "finding_returned", methods="POST", body={"answer": "a"}, writers="consultant"
    ),
    "quality:review_finding_recheck": E(
        STAFF, "finding_answered", methods="POST", body={"accepted": "true"}, writers="lead"
    ),
    "quality:audit_list": E("pm lead td qa admin"),
    # Shown to every quality reader; planning is the QA manager's (QC-6).
    "quality:audit_plan": E(
        "pm lead td qa admin",
        methods="GET POST",
        writers="qa admin",
        body={
            "kind": "scheduled",
            "title": "t",
            "planned_date": "@today",
            "template": "@checklist_template",
            "engagements": ["@engagement_closed"],
        },
    ),
    "quality:annual_results": E("pm lead td qa admin"),
    "quality:audit_detail": E("pm lead td qa admin", "audit"),
    "quality:audit_conclude": E("pm lead td qa admin", "audit"),
    "quality:sample_draw": E(
        "pm lead td qa admin",
        "audit",
        methods="GET POST",
        body={"population": "engagements"},
        writers="qa admin",
    ),
    "quality:entry_score": E(
        "pm lead td qa admin",
        "audit_entry",
        methods="GET POST",
        body={"...": "@audit_score_form"},
        writers="qa admin",
    ),
    "quality:entry_opinion": E(
        "pm lead td qa admin",
        "audit_entry_scored",
        methods="GET POST",
        body={"opinion": "o"},
        writers="qa admin",
    ),
    "quality:entry_reply": E(
        "pm lead td qa admin",
        "audit_entry_opined",
        methods="GET POST",
        body={"reply": "r"},
        writers="pm lead",
    ),
    "quality:kpi_dashboard": E("pm lead td qa admin"),
    "quality:kpi_evaluate": E(
        "pm lead td qa admin", methods="GET POST", writers="qa admin", body={}
    ),
    "quality:kpi_rectify": E(
        "pm lead td qa admin",
        "kpi_breach",
        methods="GET POST",
        scoped=False,
        body={"owner": "@user.pm"},
        writers="qa admin",
    ),
    "quality:action_list": E("pm lead td qa admin"),
    "quality:action_open": E(
        "pm lead td qa admin",
        methods="GET POST",
        body={
            "title": "t",
            "kind": "corrective",
            "source_kind": "audit",
            "source_text": "s",
            "nature": "quality",
            "severity": "general",
            "owner": "@user.pm",
        },
    ),
    "quality:action_detail": E("pm lead td qa admin", "action"),
    "quality:action_plan": E(
        "pm lead td qa admin",
        "action",
        methods="GET POST",
        body={"note": "n"},
        writers="pm qa admin",
    ),
    "quality:action_do": E(
        "pm lead td qa admin",
        "action_doing",
        methods="GET POST",
        body={"note": "n"},
        writers="pm qa admin",
    ),
    "quality:action_verify": E(
        "pm lead td qa admin",
        "action_checking",
        methods="GET POST",
        body={"effective": "yes", "note": "n"},
        writers="td qa admin",
    ),
    "quality:action_close": E("pm lead td qa admin", "action"),
    "quality:action_reopen": E(
        "pm lead td qa admin",
        "action_verified",
        methods="GET POST",
        body={"reason": "r"},
        writers="qa admin",
    ),
    "quality:action_progress": E(
        "pm lead td qa admin",
        "action",
        methods="GET POST",
        body={"note": "n"},
        writers="pm qa admin",
    ),
    "quality:initiative_list": E(
        "pm lead td qa admin",
        methods="GET POST",
        body={"title": "t", "owner": "@user.qa"},
        writers="qa admin",
    ),
    "quality:initiative_advance": E(
        "pm lead td qa admin",
        "initiative",
        methods="GET POST",
        scoped=False,
        body={"note": "n"},
        writers="qa admin",
    ),
    "quality:case_list": E("pm lead td qa admin"),
    "quality:case_create": E(
        "pm lead td qa admin",
        methods="GET POST",
        body={"engagement": "@engagement_closed", "summary": "s", "lessons": "l"},
        writers="pm qa admin",
    ),
    "quality:quality_report": E("pm lead td qa admin"),
    "risk:index": E("pm td qa admin"),
    "risk:matrix-css": E("pm td qa admin"),
    "risk:firm": E("pm td qa admin"),
    "risk:engagement": E("pm td qa admin", "engagement"),
    "risk:raise": E(
        "pm td qa admin",
        methods="GET POST",
        body={
            "title": "t",
            "category": "@category",
            "method": "brainstorming",
            "likelihood": "low",
            "impact": "minor",
            "owner": "@user.pm",
        },
        writers="td qa admin",
    ),
    "risk:suggest": E("pm td qa admin"),
    "risk:detail": E("pm td qa admin", "risk"),
    "risk:edit": E(
        "pm td qa admin",
        "risk",
        methods="GET POST",
        body={"title": "t", "category": "@category", "owner": "@user.pm"},
    ),
    "risk:risk-action": E(
        "pm td qa admin",
        "risk_action",
        methods="POST",
        body={"likelihood": "low", "impact": "minor"},
    ),
    "risk:incidents": E("pm td qa admin"),
    "risk:incident-report": E(
        "pm td qa admin",
        methods="GET POST",
        body={
            "title": "t",
            "engagement": "@engagement",
            "category": "@category",
            "severity": "minor",
            "description": "d",
        },
    ),
    "risk:incident-detail": E("pm td qa admin", "incident"),
    "risk:incident-action": E(
        "pm td qa admin", "incident_action", methods="POST", body={"text": "t"}
    ),
    "risk:plans": E("pm td qa admin"),
    "risk:plan-new": E(
        "td qa admin",
        methods="GET POST",
        body={
            "category": "@category",
            "title": "t",
            "trigger": "t",
            "steps": "处置",
            "is_active": "on",
        },
    ),
    "risk:plan-detail": E("pm td qa admin", "plan", scoped=False),
    "risk:plan-edit": E(
        "td qa admin",
        "plan",
        methods="GET POST",
        scoped=False,
        body={
            "category": "@category",
            "title": "t",
            "trigger": "t",
            "steps": "处置",
            "is_active": "on",
        },
    ),
    "documents:index": E(STAFF),
    "documents:engagement": E(STAFF, "engagement"),
    "documents:create": E(
        STAFF,
        "engagement",
        methods="POST",
        body={
            "title": "t",
            "deliverable_type": "report",
            "confidentiality": "internal",
            "file": "@file",
        },
        writers=TEAM,
    ),
    "documents:material-register": E(
        STAFF,
        "engagement",
        methods="POST",
        body={"description": "d", "form": "paper", "received_from": "f"},
        writers=TEAM,
    ),
    "documents:materials-service-ended": E(
        STAFF, "engagement", methods="POST", body={}, writers="pm admin"
    ),
    "documents:archive-request": E(
        STAFF, "engagement", methods="POST", body={}, writers="pm qa admin"
    ),
    "documents:detail": E(STAFF, "document"),
    "documents:version-upload": E(
        STAFF, "document", methods="POST", body={"file": "@file", "change_note": "c"}, writers=TEAM
    ),
    "documents:download": E(STAFF, "version"),
    "documents:release": E(STAFF, "version_passed", methods="POST", body={}, writers="pm admin"),
    "documents:make-current": E(STAFF, "version", methods="POST", body={}, writers=TEAM),
    "documents:material-dispose": E(
        STAFF,
        "material",
        methods="POST",
        body={"outcome": "returned", "method": "m", "counterparty": "c"},
        writers=TEAM,
    ),
    "documents:material-consent": E(
        STAFF,
        "material",
        methods="POST",
        body={"reference": "r", "given_by": "g"},
        writers="pm admin",
    ),
    "documents:material-certificate": E("nobody", "material"),
    "documents:package-download": E("pm qa admin", "package"),
    "documents:audits": E("qa admin"),
    "documents:audit-run": E(STAFF, methods="POST", body={}, writers="qa admin"),
    "documents:documents_portal": E("client"),
    "staff:index": E("qa admin"),
    "staff:person": E("consultant qa admin", "person"),
    "staff:person_edit": E("qa admin", "person", methods="GET POST", body={"position": "p"}),
    "staff:certificate_add": E("qa admin", "person"),
    "staff:onboarding_add": E("qa admin", "person"),
    "staff:appraisal_open": E("consultant qa admin", "person"),
    "staff:figure_milestones": E("consultant qa admin", "person"),
    "staff:certificate_renew": E("qa admin", "certificate", scoped=False),
    "staff:certificate_file": E("consultant qa admin", "certificate", scoped=False),
    "staff:onboarding_done": E("qa admin", "onboarding", methods="POST", scoped=False, body={}),
    "staff:training": E("qa admin"),
    "staff:plan_add": E("qa admin"),
    "staff:plan": E("qa admin", "training_plan", scoped=False),
    "staff:session_add": E("qa admin", "training_plan", scoped=False),
    "staff:attendance": E("qa admin", "training_session", scoped=False),
    "staff:mentor_add": E("qa admin"),
    "staff:appraisal": E("consultant qa admin", "appraisal"),
    "staff:appraisal_assess": E(
        "consultant qa admin",
        "appraisal",
        methods="GET POST",
        body={"rating": "good", "assessment": "a"},
        writers="qa admin",
    ),
    "staff:goal_add": E("consultant qa admin", "appraisal"),
    "staff:interview_add": E("consultant qa admin", "appraisal"),
    "staff:appraisal_finalise": E(
        "consultant qa admin", "appraisal", methods="POST", body={}, writers="qa admin"
    ),
    "staff:raci_list": E(STAFF),
    "staff:raci": E(STAFF, "engagement"),
    "staff:raci_set": E(
        "pm admin",
        "engagement",
        methods="POST",
        body={"step": "@process_step", "user": "@user.consultant", "letter": "R"},
    ),
    "staff:raci_defaults": E("pm admin", "engagement", methods="POST", body={}),
    "staff:declarations": E(STAFF),
    "staff:declare": E(STAFF, "engagement"),
    "staff:declaration_clear": E("qa admin", "declaration_conflict", methods="POST", body={}),
    "staff:violation_add": E("qa admin"),
    "staff:violation_decide": E("qa admin", "violation", scoped=False),
    "portal:home": E("client"),
    "portal:engagement": E("client", "engagement"),
    "portal:verdict": E(
        "client",
        "acceptance_pending",
        methods="GET POST",
        body={"verdict": "pass", "password": "@password"},
    ),
    "portal:complaints": E("client"),
    "portal:complaint_new": E(
        "client", methods="GET POST", body={"nature": "service", "subject": "s", "description": "d"}
    ),
    "portal:complaint": E("client", "complaint"),
    "portal:complaint_reply": E("client", "complaint", methods="POST", body={"reply-body": "b"}),
    "portal:complaint_confirm": E("client", "complaint_feedback", methods="POST", body={}),
    "portal:complaint_reopen": E(
        "client", "complaint", methods="POST", body={"reopen-reason": "r"}
    ),
    "portal:complaint_attachment": E("client", "complaint_attachment"),
    "portal:surveys": E("client"),
    "portal:survey": E("client", "survey", methods="GET POST", body={"...": "@survey_form"}),
    "portal:profile": E("client", methods="GET POST", body={"consent-purpose": "marketing"}),
    "portal:consent_withdraw": E("client", "consent", methods="POST", body={}),
    "api:me": E(ANYONE, methods="GET PATCH", body={"language": "en"}),
    "api:notifications": E(ANYONE),
    "api:notifications-unread": E(ANYONE),
    "api:notification-read": E("consultant", "notification", methods="POST", body={}),
    "api:notifications-read-all": E(ANYONE, methods="POST", body={}),
    "api:notification-preferences": E(
        ANYONE, methods="GET PUT", body={"kind": "complaint_changed", "mode": "digest"}
    ),
    "api:clients-complaint-list": E(
        RELATIONS + " client",
        methods="GET POST",
        body={"nature": "service", "subject": "s", "description": "d"},
        writers="client",
    ),
    "api:clients-complaint-log": E(
        RELATIONS,
        methods="POST",
        body={
            "client": "@client_a",
            "nature": "service",
            "subject": "s",
            "description": "d",
            "channel": "phone",
            "severity": "minor",
            "contact_name": "c",
        },
    ),
    "api:clients-complaint": E(RELATIONS + " client", "complaint"),
    "api:clients-complaint-classify": E(
        RELATIONS, "complaint", methods="POST", body={"nature": "service", "severity": "minor"}
    ),
    "api:clients-complaint-respond": E(RELATIONS, "complaint", methods="POST", body={"body": "b"}),
    "api:clients-complaint-analyse": E(
        RELATIONS, "complaint", methods="POST", body={"analysis": "a"}
    ),
    "api:clients-complaint-feedback": E(RELATIONS, "complaint", methods="POST", body={"body": "b"}),
    "api:clients-complaint-rectified": E(
        RELATIONS, "complaint_feedback", methods="POST", body={"note": "n"}
    ),
    "api:clients-complaint-confirm": E("client", "complaint_feedback", methods="POST", body={}),
    "api:clients-complaint-reopen": E("client", "complaint", methods="POST", body={"reason": "r"}),
    "api:clients-complaint-replies": E(
        RELATIONS + " client", "complaint", methods="POST", body={"body": "b"}
    ),
    "api:clients-complaint-attachments": E(
        RELATIONS + " client", "complaint", methods="POST", body={"files": "@file"}
    ),
    "api:clients-complaint-attachment": E(RELATIONS + " client", "complaint_attachment"),
    "api:clients-survey-list": E(RELATIONS + " client"),
    "api:clients-survey": E(RELATIONS + " client", "survey"),
    "api:clients-survey-answer": E(
        "client", "survey", methods="POST", body={"scores": "@survey_scores"}
    ),
    "api:clients-csat": E(RELATIONS),
    "api:clients-consent-list": E("client", methods="GET POST", body={"purpose": "marketing"}),
    "api:clients-consent-withdraw": E(RELATIONS + " client", "consent", methods="POST", body={}),
    "api:clients-communication-list": E(
        STAFF,
        methods="GET POST",
        body={
            "client": "@client_a",
            "engagement": "@engagement",
            "channel": "phone",
            "direction": "inbound",
            "subject": "s",
            "summary": "s",
        },
    ),
    "api:client-list": E(STAFF + " client"),
    "api:client-detail": E(RELATIONS + " client", "client"),
    "api:engagement-team": E(
        STAFF,
        "engagement",
        methods="GET POST",
        body={"user": "@user.td", "role": "consultant"},
        writers="pm admin",
    ),
    "api:team-member": E("pm admin", "team_member", methods="DELETE", body={}),
    "api:engagement-milestones": E(
        STAFF,
        "engagement",
        methods="GET POST",
        body={"phase": "execution", "title": "t", "planned_date": "@today"},
        writers="pm admin",
    ),
    "api:milestone": E(
        STAFF,
        "milestone",
        methods="GET PUT",
        body={"phase": "execution", "title": "t", "planned_date": "@today"},
        writers="pm admin",
    ),
    "api:milestone-progress": E(
        STAFF, "milestone", methods="GET POST", body={"percent_complete": 50}, writers=TEAM
    ),
    "api:milestone-complete": E("pm admin", "milestone", methods="POST", body={}),
    "api:engagement-time-entries": E(
        STAFF,
        "engagement",
        methods="GET POST",
        body={"date": "@today", "hours": "1.00"},
        writers=TEAM,
    ),
    "api:engagement-expenses": E(
        STAFF,
        "engagement",
        methods="GET POST",
        body={"date": "@today", "kind": "travel", "amount": "10.00"},
        writers=TEAM,
    ),
    "api:engagement-costs": E(STAFF, "engagement"),
    "api:engagement-meetings": E(
        STAFF,
        "engagement",
        methods="GET POST",
        body={"kind": "weekly", "title": "t", "held_at": "@now"},
        writers="pm admin",
    ),
    "api:meeting": E(STAFF, "meeting"),
    "api:meeting-minutes": E(
        STAFF, "meeting", methods="POST", body={"minutes": "m"}, writers="pm admin"
    ),
    "api:meeting-action-items": E(
        STAFF,
        "meeting",
        methods="POST",
        body={"description": "d", "owner": "@user.consultant", "due_date": "@today"},
        writers="pm admin",
    ),
    "api:meeting-distribute": E("pm admin", "meeting", methods="POST", body={}, ok=""),
    "api:action-item-done": E("consultant pm admin", "action_item", methods="POST", body={}),
    "api:engagement-progress-reports": E(
        STAFF,
        "engagement",
        methods="GET POST",
        body={"period_start": "@today", "period_end": "@today", "summary": "s"},
        writers="pm admin",
    ),
    "api:progress-report-send": E("pm admin", "progress_report", methods="POST", body={}),
    "api:engagement-reporting": E(
        STAFF, "engagement", methods="GET PUT", body={"every_days": 7}, writers="pm admin"
    ),
    "api:engagement-delivery-checklist": E(STAFF, "engagement"),
    "api:delivery-checklist-tick": E(
        STAFF, "checklist_item", methods="POST", body={"done": True}, writers="pm admin"
    ),
    "api:engagement-delivery-items": E(
        STAFF,
        "engagement",
        methods="GET POST",
        body={"content": "c", "delivery_mode": "online", "planned_at": "@now", "standard": "s"},
        writers="pm admin",
    ),
    "api:delivery-item-deliver": E("pm admin", "delivery_item_open", methods="POST", body={}),
    "api:engagement-acceptance": E(
        STAFF + " client",
        "engagement_acceptance",
        methods="GET POST",
        writers="pm admin",
        body={"content": "c", "criteria": "c"},
    ),
    "api:acceptance": E(STAFF + " client", "acceptance"),
    "api:acceptance-resubmit": E(
        STAFF,
        "acceptance_failed",
        methods="POST",
        body={"rectification": "r"},
        writers="pm admin",
    ),
    "api:acceptance-verdict": E(
        STAFF + " client",
        "acceptance_pending",
        methods="POST",
        body={"verdict": "pass", "password": "@password", "client_contact": "c"},
        writers="pm admin client",
    ),
    "api:engagement-follow-ups": E(
        STAFF,
        "engagement_follow_up",
        methods="GET POST",
        body={"kind": "revisit", "description": "d", "due_date": "@today"},
        writers="pm admin",
    ),
    "api:follow-up-meet": E("pm admin", "obligation", methods="POST", body={}),
    "api:follow-up-waive": E("pm admin", "obligation", methods="POST", body={"reason": "r"}),
    # An account without a role is refused, as on the page (SEC-1).
    "api:engagement-list": E(
        STAFF + " client",
        methods="GET POST",
        writers="pm td qa legal admin",
        body={
            "client": "@client_a",
            "title": "t",
            "service_type": "management",
            "source": "market_research",
        },
    ),
    "api:engagement-detail": E(STAFF + " client", "engagement"),
    "api:engagement-answer-enquiry": E(STAFF, "engagement", methods="POST", body={}),
    "api:engagement-budget": E(
        STAFF, "engagement", methods="POST", body={"budget": "1000.00"}, writers="pm admin"
    ),
    # No contract, feasibility, proposal or requirements exist yet for the world's engagement:
    # 404 for everyone on GET; the gate is proven on PUT.
    "api:engagement-contract": E(
        STAFF + " client",
        "engagement",
        methods="GET PUT",
        writers="pm admin",
        ok="404",
        body={"scope": "s"},
    ),
    "api:engagement-contract-copies": E(
        STAFF, "engagement_signed", methods="POST", body={"recipient": "r"}, writers="pm admin"
    ),
    "api:engagement-contract-legal-review": E(
        STAFF,
        "engagement_contract",
        methods="POST",
        body={
            "decision": "pass",
            "password": "@password",
            "complete": True,
            "accurate": True,
            "legal": True,
            "risk_clauses": True,
        },
        writers="legal",
    ),
    "api:engagement-contract-sign": E(
        STAFF,
        "engagement_contract",
        methods="POST",
        body={"password": "@password"},
        writers="td admin",
    ),
    "api:engagement-feasibility": E(
        STAFF + " client",
        "engagement",
        methods="GET PUT",
        writers="pm admin",
        ok="404",
        body={"technical": "t"},
    ),
    "api:engagement-feasibility-conclude": E(
        STAFF,
        "engagement_feasibility",
        methods="POST",
        body={"conclusion": "accept"},
        writers="pm admin",
    ),
    "api:engagement-kpis": E(STAFF + " client", "engagement"),
    "api:engagement-proposal": E(
        STAFF + " client",
        "engagement",
        methods="GET PUT",
        writers="pm admin",
        ok="404",
        body={"objectives": "o"},
    ),
    "api:engagement-proposal-review": E(
        STAFF,
        "engagement_proposal",
        methods="POST",
        body={"decision": "pass", "password": "@password"},
        writers="td qa admin",
    ),
    "api:engagement-proposal-send": E("pm admin", "engagement_proposal", methods="POST", body={}),
    "api:engagement-quotations": E(
        STAFF + " client",
        "engagement",
        methods="GET POST",
        writers="pm admin",
        body={
            "currency": "CNY",
            "lines": [{"kind": "fee", "description": "d", "quantity": "1", "unit_price": "100"}],
        },
    ),
    "api:engagement-requirements": E(
        STAFF + " client",
        "engagement",
        methods="GET PUT",
        writers="pm admin",
        ok="404",
        body={"background": "b"},
    ),
    "api:engagement-resume": E("pm admin", "engagement_held", methods="POST", body={}),
    "api:engagement-reviews": E(STAFF + " client", "engagement"),
    "api:engagement-transition": E(
        STAFF,
        "engagement",
        methods="POST",
        body={"to_stage": "on_hold", "reason": "r"},
        writers="pm admin",
    ),
    "api:engagement-transitions": E(STAFF + " client", "engagement"),
    "api:review-inbox": E(STAFF),
    "api:review-version": E(STAFF, "version"),
    "api:review-submit": E(TEAM, "version_draft", methods="POST", body={}),
    # QC-4: the review page's roles; the API let any staff member record a defect (holding
    # the signers to account) until the service refused the others.
    "api:review-defect": E(
        STAFF,
        "version_passed",
        methods="POST",
        body={"defect_source": "client", "description": "d"},
        writers="pm qa admin",
    ),
    "api:review-finding-add": E(
        STAFF,
        "level",
        methods="POST",
        body={"location": "p", "severity": "minor", "description": "d"},
        writers="lead",
    ),
    "api:review-return": E("lead", "level", methods="POST", body={}),
    "api:review-sign": E(
        STAFF, "level_clean", methods="POST", body={"password": "@password"}, writers="lead"
    ),
    "api:review-reject": E(
        STAFF,
        "level_panel",
        methods="POST",
        body={"password": "@password", "reason": "r"},
        writers="qa",
    ),
    "api:review-finding-answer": E(
        STAFF, "finding_returned", methods="POST", body={"answer": "a"}, writers="consultant"
    ),
    "api:review-finding-recheck": E(
        STAFF, "finding_answered", methods="POST", body={"accepted": True}, writers="lead"
    ),
    "api:review-release-check": E(STAFF, "engagement"),
    "api:quality-checklist-list": E("pm lead td qa admin"),
    "api:quality-audit-list": E(
        "pm lead td qa admin",
        methods="GET POST",
        body={
            "kind": "unscheduled",
            "title": "t",
            "planned_date": "@today",
            "engagements": ["@engagement"],
            "reason": "r",
        },
        writers="qa admin",
    ),
    "api:quality-audit-detail": E("pm lead td qa admin", "audit"),
    "api:quality-audit-conclude": E("qa admin", "audit_scored", methods="POST", body={}),
    "api:quality-audit-samples": E(
        "pm lead td qa admin",
        "audit",
        methods="GET POST",
        body={"population": "engagements"},
        writers="qa admin",
    ),
    "api:quality-audit-entry": E("pm lead td qa admin", "audit_entry"),
    "api:quality-audit-entry-score": E(
        "pm lead td qa admin",
        "audit_entry",
        methods="POST",
        body={"scores": "@audit_scores"},
        writers="qa admin",
    ),
    "api:quality-audit-entry-opinion": E(
        "pm lead td qa admin",
        "audit_entry_scored",
        methods="POST",
        body={"opinion": "o"},
        writers="qa admin",
    ),
    "api:quality-audit-entry-reply": E(
        "pm lead td qa admin",
        "audit_entry_opined",
        methods="POST",
        body={"reply": "r"},
        writers="pm lead",
    ),
    "api:quality-annual-results": E("pm lead td qa admin"),
    "api:quality-annual-publish": E(
        "pm lead td qa admin", methods="POST", body={"year": "@year"}, writers="qa admin"
    ),
    "api:quality-kpi-list": E("pm lead td qa admin"),
    "api:quality-kpi-evaluate": E("qa admin", methods="POST", body={}),
    "api:quality-kpi-breach-list": E("pm lead td qa admin"),
    "api:quality-kpi-rectify": E(
        "pm lead td qa admin",
        "kpi_breach",
        methods="POST",
        scoped=False,
        body={"owner": "@user.pm"},
        writers="qa admin",
    ),
    "api:quality-action-list": E(
        "pm lead td qa admin",
        methods="GET POST",
        body={"title": "t", "source_kind": "audit", "source_text": "s", "owner": "@user.pm"},
    ),
    "api:quality-action-detail": E("pm lead td qa admin", "action"),
    "api:quality-action-plan": E(
        "pm lead td qa admin", "action", methods="POST", body={"note": "n"}, writers="pm qa admin"
    ),
    "api:quality-action-do": E(
        "pm lead td qa admin",
        "action_doing",
        methods="POST",
        body={"note": "n"},
        writers="pm qa admin",
    ),
    "api:quality-action-verify": E(
        "pm lead td qa admin",
        "action_checking",
        methods="POST",
        body={"effective": True, "note": "n"},
        writers="td qa admin",
    ),
    "api:quality-action-close": E("qa admin", "action_verified", methods="POST", body={}),
    "api:quality-action-reopen": E(
        "pm lead td qa admin",
        "action_verified",
        methods="POST",
        body={"reason": "r"},
        writers="qa admin",
    ),
    "api:quality-action-progress": E(
        "pm lead td qa admin", "action", methods="POST", body={"note": "n"}, writers="pm qa admin"
    ),
    "api:quality-initiative-list": E(
        "pm lead td qa admin",
        methods="GET POST",
        body={"title": "t", "owner": "@user.qa"},
        writers="qa admin",
    ),
    "api:quality-initiative-advance": E(
        "pm lead td qa admin",
        "initiative",
        methods="POST",
        scoped=False,
        body={"note": "n"},
        writers="qa admin",
    ),
    "api:quality-case-list": E(
        "pm lead td qa admin",
        methods="GET POST",
        body={"engagement": "@engagement_closed", "summary": "s", "lessons": "l"},
        writers="pm qa admin",
    ),
    "api:quality-report": E("pm lead td qa admin"),
    "api:risk-matrix": E(STAFF),
    "api:risk-matrix-cell": E(
        "admin",
        "matrix_cell",
        methods="PATCH",
        scoped=False,
        body={"level": "@risk_level", "priority": 1, "suggested_strategy": "mitigate"},
    ),
    "api:risk-heat-map": E(STAFF),
    "api:risk-categories": E(STAFF),
    "api:risk-checklists": E(STAFF),
    "api:risk-list": E(
        STAFF,
        methods="GET POST",
        body={
            "engagement": "@engagement",
            "title": "t",
            "category": "@category",
            "method": "brainstorming",
            "likelihood": "low",
            "impact": "minor",
        },
        writers="pm td qa admin",
    ),
    "api:risk-detail": E(
        "pm td qa admin",
        "risk",
        methods="GET PUT",
        body={"title": "t", "category": "@category", "owner": "@user.pm"},
    ),
    "api:risk-assess": E(
        "pm td qa admin", "risk", methods="POST", body={"likelihood": "low", "impact": "minor"}
    ),
    "api:risk-strategy": E("pm td qa admin", "risk", methods="POST", body={"strategy": "mitigate"}),
    "api:risk-residual": E(
        "pm td qa admin",
        "risk",
        methods="POST",
        body={"residual_likelihood": "low", "residual_impact": "minor"},
    ),
    "api:risk-actions": E(
        "pm td qa admin",
        "risk",
        methods="POST",
        body={"description": "d", "owner": "@user.pm", "due_date": "@today"},
    ),
    "api:risk-review": E(
        "pm td qa admin", "risk", methods="POST", body={"likelihood": "low", "impact": "minor"}
    ),
    "api:risk-close": E("pm td qa admin", "risk", methods="POST", body={"reason": "r"}),
    "api:risk-history": E("pm td qa admin", "risk"),
    "api:risk-action-done": E("pm td qa admin", "response_action", methods="POST", body={}),
    "api:risk-incidents": E(
        STAFF,
        methods="GET POST",
        body={
            "engagement": "@engagement",
            "category": "@category",
            "title": "t",
            "description": "d",
            "severity": "minor",
        },
        writers="pm td qa admin",
    ),
    "api:risk-incident": E("pm td qa admin", "incident"),
    "api:risk-incident-classify": E(
        "pm td qa admin", "incident", methods="POST", body={"severity": "minor"}
    ),
    "api:risk-incident-step-done": E("pm td qa admin", "incident_step", methods="POST", body={}),
    "api:risk-incident-notes": E("pm td qa admin", "incident", methods="POST", body={"text": "t"}),
    "api:risk-incident-resolve": E("pm td qa admin", "incident_handled", methods="POST", body={}),
    "api:risk-incident-reopen": E(
        "pm td qa admin", "incident", methods="POST", body={"reason": "r"}
    ),
    "api:risk-incident-review": E(
        "pm td qa admin",
        "incident_resolved",
        methods="POST",
        body={"root_cause": "r", "lessons": "l"},
    ),
    "api:risk-plans": E(
        STAFF,
        methods="GET POST",
        body={"category": "@category", "title": "t", "trigger": "t", "steps": [{"action": "a"}]},
        writers="td qa admin",
    ),
    "api:risk-plan": E(
        "pm td qa admin",
        "plan",
        methods="GET PUT",
        scoped=False,
        body={"category": "@category", "title": "t", "trigger": "t", "steps": [{"action": "a"}]},
        writers="td qa admin",
    ),
    "api:risk-warnings": E(STAFF),
    "api:risk-indicators": E(STAFF),
    "api:risk-thresholds": E(
        STAFF,
        methods="GET POST",
        body={"indicator": "csat", "engagement": "@engagement", "threshold": "0.80"},
        writers="pm td qa admin",
    ),
    "api:document-list": E(
        STAFF,
        methods="GET POST",
        body={"engagement": "@engagement", "title": "t", "file": "@file"},
        writers=TEAM,
    ),
    "api:document-detail": E(STAFF, "document"),
    "api:document-version-upload": E(
        STAFF, "document", methods="POST", body={"file": "@file", "change_note": "c"}, writers=TEAM
    ),
    "api:document-downloads": E(RELATIONS, "document"),
    "api:document-version-download": E(STAFF, "version"),
    "api:document-version-release": E("pm admin", "version_passed", methods="POST", body={}),
    "api:document-version-make-current": E(TEAM, "version", methods="POST", body={}),
    "api:document-released": E("client"),
    "api:document-materials": E(
        STAFF,
        "engagement",
        methods="GET POST",
        body={"description": "d", "form": "paper", "received_from": "f"},
        writers=TEAM,
    ),
    "api:document-materials-service-ended": E("pm admin", "engagement", methods="POST", body={}),
    "api:document-material-dispose": E(
        STAFF,
        "material",
        methods="POST",
        body={"disposal": "returned", "method": "m", "counterparty": "c"},
        writers=TEAM,
    ),
    "api:document-material-consent": E(
        STAFF,
        "material",
        methods="POST",
        body={"reference": "r", "given_by": "g"},
        writers="pm admin",
    ),
    "api:document-archive": E(
        STAFF, "engagement", methods="GET POST", writers="pm qa admin", body={}
    ),
    "api:document-package-download": E("pm qa admin", "package"),
    "api:document-audits": E("qa admin", methods="GET POST", body={}),
    "api:staff-people": E(STAFF),
    "api:staff-person": E("consultant qa admin", "person"),
    "api:staff-person-record": E("qa admin", "person", methods="PUT", body={"position": "p"}),
    "api:staff-person-certificates": E(
        STAFF,
        "person",
        methods="POST",
        body={"qualification": "@qualification", "issued_on": "@today", "attachment": "@file"},
        writers="qa admin",
    ),
    "api:staff-person-onboarding": E(
        STAFF, "person", methods="POST", body={"title": "t", "due_on": "@today"}, writers="qa admin"
    ),
    "api:staff-person-appraisals": E(
        "consultant qa admin",
        "person",
        methods="GET POST",
        writers="qa admin",
        body={"period_start": "@today", "period_end": "@today"},
    ),
    "api:staff-certificates-expiring": E(STAFF),
    "api:staff-certificate-renew": E(
        STAFF,
        "certificate",
        methods="POST",
        scoped=False,
        body={"issued_on": "@today"},
        writers="qa admin",
    ),
    "api:staff-onboarding-done": E("qa admin", "onboarding", methods="POST", scoped=False, body={}),
    "api:staff-training-plans": E(
        "qa admin",
        methods="GET POST",
        writers="qa admin",
        body={
            "title": "t",
            "period": "annual",
            "starts_on": "@today",
            "ends_on": "@today",
            "target_hours": "10",
        },
    ),
    "api:staff-training-plan-hours": E("qa admin", "training_plan", scoped=False),
    "api:staff-training-sessions": E(
        "qa admin",
        "training_plan",
        methods="GET POST",
        writers="qa admin",
        scoped=False,
        body={"title": "t", "held_on": "@today", "hours": "1"},
    ),
    "api:staff-training-attendance": E(
        STAFF,
        "training_session",
        methods="POST",
        scoped=False,
        body={"users": ["@user.consultant"]},
        writers="qa admin",
    ),
    "api:staff-mentoring": E(
        STAFF,
        methods="POST",
        body={"mentor": "@user.lead", "mentee": "@user.consultant", "starts_on": "@today"},
        writers="qa admin",
    ),
    "api:staff-appraisal": E("consultant qa admin", "appraisal"),
    "api:staff-appraisal-assess": E(
        STAFF,
        "appraisal",
        methods="POST",
        body={"rating": "good", "assessment": "a"},
        writers="qa admin",
    ),
    "api:staff-appraisal-goals": E(
        STAFF, "appraisal", methods="POST", body={"objective": "o"}, writers="qa admin"
    ),
    "api:staff-appraisal-interviews": E(
        STAFF,
        "appraisal",
        methods="POST",
        body={"held_on": "@today", "notes": "n"},
        writers="qa admin",
    ),
    "api:staff-appraisal-finalise": E("qa admin", "appraisal", methods="POST", body={}),
    "api:staff-raci": E(STAFF, "engagement"),
    "api:staff-raci-set": E(
        STAFF,
        "engagement",
        methods="POST",
        body={"step": "@process_step", "user": "@user.consultant", "letter": "R"},
        writers="pm admin",
    ),
    "api:staff-raci-defaults": E("pm admin", "engagement", methods="POST", body={}),
    "api:staff-declarations": E(STAFF),
    "api:staff-declare": E(
        STAFF,
        "engagement_undeclared",
        methods="POST",
        body={"independent": True},
        writers="consultant lead",  # its members declare (STF-5)
    ),
    "api:staff-declaration-clear": E("qa admin", "declaration_conflict", methods="POST", body={}),
    "api:staff-violations": E(
        "qa admin",
        methods="GET POST",
        writers="qa admin",
        body={"user": "@user.consultant", "occurred_on": "@today", "description": "d"},
    ),
    "api:staff-violation-decide": E(
        STAFF,
        "violation",
        methods="POST",
        scoped=False,
        body={"outcome": "warning"},
        writers="qa admin",
    ),
    # Account security (SEC-8): every staff user manages their own second factor; client users
    # have none here.
    "account_security": E(STAFF),
    "account_security_enrol": E(STAFF, methods="POST", body={}),
    # "@otp": a current code of an authenticator enrolled for the acting user within the
    # request's savepoint; "@otp_pending": the same for one awaiting confirmation.
    "account_security_confirm": E(STAFF, methods="POST", body={"otp": "@otp_pending"}),
    "account_security_disable": E(
        STAFF, methods="POST", body={"password": "@password", "otp": "@otp"}
    ),
    "account_security_recovery_codes": E(STAFF, methods="POST", body={"otp": "@otp"}),
    "api:staff-second-factor": E(STAFF),
    "api:staff-second-factor-enrol": E(STAFF, methods="POST", body={}),
    "api:staff-second-factor-confirm": E(STAFF, methods="POST", body={"otp": "@otp_pending"}),
    "api:staff-second-factor-disable": E(
        STAFF, methods="POST", body={"password": "@password", "otp": "@otp"}
    ),
    "api:staff-second-factor-recovery-codes": E(STAFF, methods="POST", body={"otp": "@otp"}),
    # Support requests (CRM-5): relations staff, and the client organisation's own users.
    "clients:support": E(RELATIONS),
    "clients:support_log": E(
        RELATIONS,
        methods="GET POST",
        body={
            "client": "@client_a",
            "kind": "support",
            "channel": "email",
            "received_at": "@now",
            "contact_name": "c",
            "subject": "s",
            "description": "d",
        },
    ),
    "clients:support_request": E(RELATIONS, "support_request"),
    "clients:support_reply": E(
        RELATIONS, "support_request", methods="POST", body={"reply-body": "b"}
    ),
    "clients:support_resolve": E(
        RELATIONS, "support_request", methods="POST", body={"resolve-resolution": "r"}
    ),
    "portal:support": E("client"),
    "portal:support_new": E(
        "client", methods="GET POST", body={"kind": "support", "subject": "s", "description": "d"}
    ),
    "portal:support_request": E(
        "client", "support_request", methods="GET POST", body={"reply-body": "b"}
    ),
    "api:clients-support-list": E(
        RELATIONS + " client",
        methods="GET POST",
        writers="client",
        body={"kind": "support", "subject": "s", "description": "d"},
    ),
    "api:clients-support-log": E(
        RELATIONS,
        methods="POST",
        body={
            "kind": "support",
            "subject": "s",
            "description": "d",
            "client": "@client_a",
            "channel": "email",
            "contact_name": "c",
        },
    ),
    "api:clients-support-request": E(RELATIONS + " client", "support_request"),
    "api:clients-support-reply": E(
        RELATIONS + " client", "support_request", methods="POST", body={"body": "b"}
    ),
    "api:clients-support-resolve": E(
        RELATIONS, "support_request", methods="POST", body={"resolution": "r"}
    ),
    # Revisits (CRM-6): internal; relations staff see all, other staff their engagements' only.
    "clients:revisits": E(STAFF),
    "clients:revisit": E(STAFF, "revisit", others="consultant_b lead_b"),
    "clients:revisit_log": E(
        STAFF,
        "revisit",
        methods="POST",
        others="consultant_b lead_b",
        body={"log-done_at": "@now", "log-outcome": "o"},
    ),
    "clients:revisit_cancel": E(
        STAFF, "revisit", methods="POST", others="consultant_b lead_b", body={"cancel-reason": "r"}
    ),
    "api:clients-revisit-list": E(
        STAFF,
        methods="GET POST",
        body={
            "engagement": "@engagement",
            "method": "phone",
            "planned_date": "@today",
            "purpose": "p",
        },
    ),
    "api:clients-revisit": E(STAFF, "revisit", others="consultant_b lead_b"),
    "api:clients-revisit-log": E(
        STAFF, "revisit", methods="POST", others="consultant_b lead_b", body={"outcome": "o"}
    ),
    "api:clients-revisit-cancel": E(
        STAFF, "revisit", methods="POST", others="consultant_b lead_b", body={"reason": "r"}
    ),
    # Contacts (CRM-1, SEC-26) for relations staff; a client user edits only their own.
    "clients:contacts": E(RELATIONS),
    "api:clients-contact-list": E(
        RELATIONS, methods="GET POST", body={"client": "@client_a", "name": "n"}
    ),
    "portal:profile_contact": E("client", methods="POST", body={"profile-position": "p"}),
    # Personal data (SEC-25): the privacy officers only (administrator, legal reviewer).
    "clients:privacy": E("legal admin"),
    "clients:privacy_person": E("legal admin", "privacy_person", scoped=False),
    "clients:privacy_export": E(
        "legal admin", "privacy_person", methods="POST", scoped=False, body={"export-reason": "r"}
    ),
    "clients:privacy_correct": E(
        "legal admin",
        "privacy_person",
        methods="POST",
        scoped=False,
        body={"correct-reason": "r", "correct-position": "p"},
    ),
    "clients:privacy_erase": E(
        "legal admin",
        "privacy_person",
        methods="POST",
        scoped=False,
        body={"erase-reason": "r", "erase-confirm": "on"},
    ),
    "api:clients-privacy-log": E("legal admin"),
    "api:clients-privacy-export": E(
        "legal admin", "privacy_person", methods="POST", scoped=False, body={"reason": "r"}
    ),
    "api:clients-privacy-correct": E(
        "legal admin",
        "privacy_person",
        methods="POST",
        scoped=False,
        body={"reason": "r", "position": "p"},
    ),
    "api:clients-privacy-erase": E(
        "legal admin", "privacy_person", methods="POST", scoped=False, body={"reason": "r"}
    ),
    # List exports: whoever may open the list (its rows scoped as on the page); a background
    # job is its requester's alone.
    "exports:download": E(STAFF, "export_list", scoped=False),
    "exports:job": E("pm", "export_job"),
    "exports:job-file": E("pm", "export_job"),
    "api:export": E(STAFF, "export_list", scoped=False),
    "api:export-job": E("pm", "export_job"),
    "api:export-job-file": E("pm", "export_job"),
    # Reports (core/reports/permissions.py): staff request them; a job is its requester's.
    "reports:index": E(
        STAFF, methods="GET POST", body={"kind": "acceptance", "object_id": "@engagement"}
    ),
    # An empty form names no report: 404, as for a report the user may not request.
    "reports:request": E(
        STAFF, methods="POST", ok="404", body={"kind": "acceptance", "object_id": "@engagement"}
    ),
    "reports:job": E("pm", "report_job"),
    "reports:download": E("pm", "report_job"),
    "api:reports-jobs": E(
        STAFF, methods="GET POST", body={"kind": "acceptance", "object_id": "@engagement"}
    ),
    "api:reports-job": E("pm", "report_job"),
    "api:reports-job-download": E("pm", "report_job"),
    # Webhooks: administrators only.
    "webhooks:list": E("admin"),
    "webhooks:add": E(
        "admin",
        methods="GET POST",
        body={
            "name": "n",
            "url": "https://hooks.example.com/x",
            "events": ["kpi.breached"],
            "is_active": "on",
        },
    ),
    "webhooks:detail": E("admin", "webhook_endpoint", scoped=False),
    "webhooks:edit": E(
        "admin",
        "webhook_endpoint",
        methods="GET POST",
        scoped=False,
        body={
            "name": "n",
            "url": "https://hooks.example.com/x",
            "events": ["kpi.breached"],
            "is_active": "on",
        },
    ),
    "webhooks:test": E("admin", "webhook_endpoint", methods="POST", scoped=False, body={}),
    "webhooks:delete": E("admin", "webhook_endpoint", methods="POST", scoped=False, body={}),
    "webhooks:retry": E("admin", "webhook_delivery", methods="POST", scoped=False, body={}),
    "api:webhook-endpoints": E(
        "admin",
        methods="GET POST",
        body={"name": "n", "url": "https://hooks.example.com/x", "events": ["kpi.breached"]},
    ),
    "api:webhook-endpoint": E(
        "admin",
        "webhook_endpoint",
        methods="GET PUT DELETE",
        scoped=False,
        body={"name": "n", "url": "https://hooks.example.com/x", "events": ["kpi.breached"]},
    ),
    "api:webhook-endpoint-test": E(
        "admin", "webhook_endpoint", methods="POST", scoped=False, body={}
    ),
    "api:webhook-deliveries": E("admin"),
    "api:webhook-delivery-retry": E(
        "admin", "webhook_delivery", methods="POST", scoped=False, body={}
    ),
    "api:schema": E(ANYONE),
    "api:docs": E(ANYONE),
}
