"""Guess which world object fills a route's parameters, from the parameter's name or the path
segment before it. Used to propose a matrix entry for a URL that has none."""

from __future__ import annotations

import re

BY_PARAM = {
    "member_pk": "team_member",
    "milestone_pk": "milestone",
    "meeting_pk": "meeting",
    "report_pk": "progress_report",
    "request_pk": "acceptance",
    "obligation_pk": "obligation",
    "finding_pk": "finding",
    "level_pk": "level",
    "entry_pk": "audit_entry",
    "breach_pk": "kpi_breach",
    "step_pk": "incident_step",
    "complaint_pk": "complaint_attachment",
    "token": "survey_token",
    "key": "export_list",
    "action": None,  # resolved with its pk below
}
BY_SEGMENT = {
    "engagements": "engagement",
    "engagement": "engagement",
    "notifications": "notification",
    "complaints": "complaint",
    "surveys": "survey",
    "consents": "consent",
    "clients": "client",
    "versions": "version",
    "levels": "level",
    "findings": "finding",
    "audits": "audit",
    "audit-entries": "audit_entry",
    "kpi-breaches": "kpi_breach",
    "initiatives": "initiative",
    "risks": "risk",
    "matrix": "matrix_cell",
    "incidents": "incident",
    "documents": "document",
    "materials": "material",
    "packages": "package",
    "people": "person",
    "certificates": "certificate",
    "onboarding": "onboarding",
    "appraisals": "appraisal",
    "sessions": "training_session",
    "raci": "engagement",
    "declarations": "declaration",
    "violations": "violation",
    "acceptance": "acceptance",
    "action-items": "action_item",
    "checklist": "checklist_item",
    "delivery-checklist": "checklist_item",
    "deliveries": "delivery_item",
    "delivery-items": "delivery_item",
    "follow-ups": "obligation",
    "milestones": "milestone",
    "meetings": "meeting",
    "reports": "progress_report",
    "progress-reports": "progress_report",
    "team": "team_member",
    "s": "survey_token",
    "link": "survey_token",
    "support": "support_request",
    "revisits": "revisit",
    "privacy": "privacy_person",
    "personal-data": "privacy_person",
    "endpoints": "webhook_endpoint",
    "webhooks": "webhook_endpoint",
}


def guess_kind(route: str) -> str | None:
    """The object kind a route names, or None for a route without parameters."""
    params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
    names = [a or b for a, b in params]
    if not names:
        return None
    if "action" in names:
        return (
            "risk_action"
            if route.startswith(("risk/risks", "api/risk/risks"))
            else ("incident_action")
        )
    if "step_pk" in names:
        return "incident_step"
    for name in names:
        if BY_PARAM.get(name):
            return BY_PARAM[name]
    plain = re.sub(r"<[^>]+>|\(\?P<\w+>[^)]*\)", "<>", route).replace("^", "").replace("$", "")
    segments = plain.split("/")
    before = segments[segments.index("<>") - 1] if "<>" in segments else ""
    if before == "plans":
        return "training_plan" if "training" in route else "plan"
    if before == "jobs":
        return "report_job" if "reports/" in route else "export_job"
    if before == "deliveries" and "webhooks/" in route:
        return "webhook_delivery"
    if before == "actions":
        return "response_action" if route.startswith("api/risk") else "action"
    return BY_SEGMENT.get(before)
