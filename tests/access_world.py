"""The world the permission matrix (tests/access_matrix.py) runs against: one user per role on
client A's side, the same scoped roles on client B's side, and one object of every kind that
a URL names, all belonging to client A. Built once per test module (rows written directly
where a service would demand a whole lifecycle first: only ownership matters here); the
objects in the later states the writes need come from tests/access_world_stages.py."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from staff.choices import Role
from tests.access_world_stages import add_later_stages
from tests.factories import ClientFactory, EngagementFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# Actor name → (role or None, which client's side). Scoped roles exist on both sides; an
# actor's "_b" twin holds the same role on client B's engagement only.
ACTORS: dict[str, tuple[Role | None, str]] = {
    "consultant": (Role.CONSULTANT, "a"),
    "pm": (Role.PROJECT_MANAGER, "a"),
    "lead": (Role.DISCIPLINE_LEAD, "a"),
    "td": (Role.TECHNICAL_DIRECTOR, "a"),
    "qa": (Role.QA_MANAGER, "a"),
    "legal": (Role.LEGAL_REVIEWER, "a"),
    "admin": (Role.ADMIN, "a"),
    "client": (Role.CLIENT, "a"),
    "outsider": (None, "a"),
    "consultant_b": (Role.CONSULTANT, "b"),
    "pm_b": (Role.PROJECT_MANAGER, "b"),
    "lead_b": (Role.DISCIPLINE_LEAD, "b"),
    "client_b": (Role.CLIENT, "b"),
}
# The actor that holds each role on client A's side.
ROLE_ACTOR = {role: name for name, (role, side) in ACTORS.items() if side == "a"}


class World:
    def __init__(self) -> None:
        self.users: dict[str, Any] = {}
        self.objects: dict[str, Any] = {}
        # kind → URL parameter values
        self.kwargs: dict[str, dict[str, object]] = {}

    def add(self, kind: str, obj: Any, **params: object) -> Any:
        self.objects[kind] = obj
        self.kwargs[kind] = params or {"pk": obj.pk}
        return obj


def build_world() -> World:  # noqa: PLR0915 - one flat list of rows reads best here
    from clients.models import ComplaintAttachment, Consent, Survey, SurveyTemplate
    from clients.services import complaints as complaint_svc
    from clients.services.surveys import survey_questions, survey_token
    from core.models import Notification
    from documents.models import ArchivePackage, ClientMaterial
    from engagements import models as em
    from quality.models import Audit, AuditedEngagement, Finding, KpiBreach, KpiObjective
    from quality.services import improvement, reviews
    from risk.models import EmergencyPlan, IncidentStep, MatrixCell, ResponseAction, RiskCategory
    from risk.services.incidents import incident_report
    from risk.services.register import risk_raise
    from staff.models import (
        Appraisal,
        Certificate,
        Declaration,
        OnboardingTask,
        ProcessStep,
        QualificationType,
        TrainingPlan,
        TrainingSession,
        Violation,
    )
    from tests.conftest import seed_migration_data
    from tests.quality.factories import deliverable, new_version

    # A transactional test earlier in the session may have flushed what migrations seeded.
    seed_migration_data()
    w = World()
    now = timezone.now()
    today = now.date()
    clients: dict[str, Any] = {
        "a": ClientFactory(code="matrix-a", name="矩阵甲方"),
        "b": ClientFactory(code="matrix-b", name="矩阵乙方"),
    }
    for name, (role, side) in ACTORS.items():
        w.users[name] = UserFactory(
            username=f"m_{name}",
            roles=[role.value] if role else [],
            client=clients[side] if role == Role.CLIENT else None,
            is_staff=role == Role.ADMIN,
        )
    u = w.users
    w.objects["client_a"] = clients["a"]
    w.kwargs["client"] = {"pk": clients["a"].pk}
    engagements: dict[str, Any] = {}
    for side in ("a", "b"):
        sfx = "" if side == "a" else "_b"
        engagement: Any = EngagementFactory(
            client=clients[side], project_manager=u[f"pm{sfx}"], title=f"矩阵项目{side}"
        )
        for member in (u[f"consultant{sfx}"], u[f"lead{sfx}"]):
            engagement.members.add(member)
            Declaration.objects.create(
                engagement=engagement, user=member, independent=True, declared_at=now
            )
        engagements[side] = engagement
    eng = w.add("engagement", engagements["a"])
    w.objects["engagement_b"] = engagements["b"]

    w.add(
        "notification",
        Notification.objects.create(recipient=u["consultant"], kind="test", event_key="x"),
    )
    w.add(
        "team_member",
        em.TeamMember.objects.create(engagement=eng, user=u["consultant"], role="consultant"),
        member_pk=0,
    )
    w.kwargs["team_member"] = {"member_pk": w.objects["team_member"].pk}
    milestone = em.Milestone.objects.create(
        engagement=eng, phase="execution", title="里程碑", planned_date=today
    )
    w.add("milestone", milestone, milestone_pk=milestone.pk)
    # Minutes recorded: the meeting can be distributed.
    meeting = em.Meeting.objects.create(
        engagement=eng,
        kind="kickoff",
        title="启动会",
        held_at=now,
        created_by=u["pm"],
        minutes="纪要",
    )
    w.add("meeting", meeting, meeting_pk=meeting.pk)
    item = em.ActionItem.objects.create(
        meeting=meeting, description="行动", owner=u["consultant"], due_date=today
    )
    w.add("action_item", item, item_pk=item.pk)
    report = em.ProgressReport.objects.create(
        engagement=eng, period_start=today, period_end=today, summary="进展", author=u["pm"]
    )
    w.add("progress_report", report, report_pk=report.pk)
    check = em.DeliveryChecklistItem.objects.create(engagement=eng, item="清单")
    w.add("checklist_item", check, item_pk=check.pk)
    delivery = em.DeliveryItem.objects.create(
        engagement=eng,
        content="报告",
        mode="online",
        planned_at=now,
        standard="标准",
        created_by=u["pm"],
    )
    w.add("delivery_item", delivery, item_pk=delivery.pk)
    acceptance = em.AcceptanceRequest.objects.create(
        engagement=eng,
        round=1,
        requested_at=now,
        requested_by=u["pm"],
        content="内容",
        criteria="标准",
    )
    w.add("acceptance", acceptance, request_pk=acceptance.pk)
    obligation = em.FollowUpObligation.objects.create(
        engagement=eng, kind="revisit", description="回访", due_date=today
    )
    w.add("obligation", obligation, obligation_pk=obligation.pk)

    complaint = complaint_svc.complaint_submit(
        actor=u["client"],
        nature="service",
        subject="矩阵投诉",
        description="内容",
        engagement_id=eng.pk,
    )
    w.add("complaint", complaint)
    attachment = ComplaintAttachment(
        complaint=complaint, original_name="证据.pdf", content_type="application/pdf", size=len(PDF)
    )
    attachment.file.save("evidence.pdf", ContentFile(PDF), save=True)
    w.add("complaint_attachment", attachment, complaint_pk=complaint.pk, pk=attachment.pk)
    survey = Survey.objects.create(
        template=SurveyTemplate.objects.get(code="acceptance"),
        engagement=eng,
        client=clients["a"],
        recipient=u["client"],
        occasion="acceptance",
        period="",
        status="sent",
        token_nonce="m" * 32,
        expires_at=now + timedelta(days=3),
    )
    w.add("survey", survey)
    # Every question answered: the bodies of the survey answer (API list, page radio groups).
    questions = survey_questions(survey)
    w.objects["survey_scores"] = [{"question": q.pk, "score": 5} for q in questions]
    w.objects["survey_form"] = {f"q{q.pk}": "5" for q in questions}
    w.add("survey_token", survey, token=survey_token(survey))
    w.add(
        "consent",
        Consent.objects.create(
            person=u["client"],
            purpose="surveys",
            notice_version="v1",
            channel="portal",
            granted_at=now,
        ),
    )

    # A deliverable under review: its version, its first level and a finding on it.
    # Confidential: the engagement's team and the firm-wide roles only (DOC-3), so staff of
    # client B's engagement must not reach it.
    document = deliverable(engagement=eng, author=u["consultant"])
    document.confidentiality = "confidential"
    document.save(update_fields=["confidentiality"])
    w.add("document", document)
    version = new_version(document, author=u["consultant"], content=PDF)
    w.add("version", version)
    review = reviews.review_submit(actor=u["consultant"], version=version)
    level = review.levels.get(position=1)
    w.add("level", level, level_pk=level.pk)
    finding = Finding.objects.create(
        level_review=level,
        location="p.1",
        severity="minor",
        description="错字",
        raised_by=u["lead"],
        raised_at=now,
    )
    w.add("finding", finding, finding_pk=finding.pk)

    from quality.services.audits import default_template

    audit = Audit.objects.create(
        code="AUD-M-1",
        kind="scheduled",
        title="审核",
        planned_date=today,
        template=default_template(),
        lead_auditor=u["qa"],
        created_by=u["qa"],
    )
    w.add("audit", audit)
    entry = AuditedEngagement.objects.create(audit=audit, engagement=eng)
    w.add("audit_entry", entry, entry_pk=entry.pk)
    # Every criterion of the checklist scored (API list, page fields p<criterion>).
    criteria = list(audit.template.criteria.order_by("pk"))
    w.objects["audit_scores"] = [{"criterion": c.pk, "points": "0"} for c in criteria]
    w.objects["audit_score_form"] = {f"p{c.pk}": "0" for c in criteria}
    breach = KpiBreach.objects.create(
        objective=KpiObjective.objects.order_by("pk")[0], opened_at=now, value=Decimal(1)
    )
    w.add("kpi_breach", breach, breach_pk=breach.pk)
    action = improvement.action_open(
        source_kind="audit",
        source_text="问题",
        engagement=eng,
        owner=u["pm"],
        actor=u["qa"],
        title="纠正",
    )
    w.add("action", action)
    w.add(
        "initiative",
        improvement.initiative_create(actor=u["qa"], title="改进", owner=u["qa"]),
    )

    category = RiskCategory.objects.get(code="technical")
    w.objects["category"] = category
    risk = risk_raise(
        actor=u["pm"],
        engagement_id=eng.pk,
        title="风险",
        category_id=category.pk,
        method="brainstorming",
        likelihood="medium",
        impact="major",
    )
    w.add("risk", risk)
    w.add("risk_action", risk, pk=risk.pk, action="assess")
    w.add(
        "response_action",
        ResponseAction.objects.create(risk=risk, description="应对", owner=u["pm"], due_date=today),
    )
    incident = incident_report(
        actor=u["pm"],
        engagement_id=eng.pk,
        category_id=category.pk,
        title="事件",
        description="经过",
        severity="minor",
    )
    w.add("incident", incident)
    w.add("incident_action", incident, pk=incident.pk, action="note")
    step = incident.steps.first() or IncidentStep.objects.create(
        incident=incident, order=1, action="处置"
    )
    w.add("incident_step", step, pk=incident.pk, step_pk=step.pk)
    w.add("plan", EmergencyPlan.objects.filter(category=category).first())
    cell = MatrixCell.objects.select_related("level").order_by("pk").first()
    w.add("matrix_cell", cell)
    w.objects["risk_level"] = cell.level if cell else None

    material = ClientMaterial.objects.create(
        engagement=eng,
        description="资料",
        form="paper",
        received_at=now,
        received_from="甲方",
        received_by=u["pm"],
    )
    w.add("material", material)
    package = ArchivePackage(engagement=eng, requested_by=u["pm"], status="ready")
    package.file.save("archive.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=True)
    w.add("package", package)

    # Staff records of the consultant (a person's own record; managers see everyone's).
    w.add("person", u["consultant"])
    w.objects["qualification"] = QualificationType.objects.order_by("pk").first()
    certificate = Certificate(
        user=u["consultant"],
        qualification=QualificationType.objects.order_by("pk").first(),
        issued_on=today,
    )
    certificate.attachment.save("cert.pdf", ContentFile(PDF), save=True)
    w.add("certificate", certificate)
    w.add(
        "onboarding",
        OnboardingTask.objects.create(user=u["consultant"], title="入职", due_on=today),
    )
    w.add(
        "appraisal",
        Appraisal.objects.create(
            user=u["consultant"],
            period_start=today - timedelta(days=365),
            period_end=today,
            appraiser=u["pm"],
            # Assessed: the appraisal can be finalised.
            rating="good",
            assessment="评价",
        ),
    )
    plan = TrainingPlan.objects.create(
        title="培训", period="annual", starts_on=today, ends_on=today + timedelta(days=365)
    )
    w.add("training_plan", plan)
    w.add(
        "training_session",
        TrainingSession.objects.create(plan=plan, title="课", held_on=today, hours=Decimal(2)),
    )
    w.add("declaration", Declaration.objects.get(engagement=eng, user=u["consultant"]))
    # A step of the responsibility matrix (STF-4) to give someone a letter for.
    w.objects["process_step"], _ = ProcessStep.objects.get_or_create(
        code="matrix-step", defaults={"name": "矩阵步骤"}
    )
    w.add(
        "violation",
        Violation.objects.create(
            user=u["consultant"], occurred_on=today, description="违规", recorded_by=u["qa"]
        ),
    )
    _add_relations_and_jobs(w, eng, version)
    add_later_stages(w)
    return w


def _add_relations_and_jobs(w: World, eng: Any, version: Any) -> None:
    """Support requests, revisits, personal data, report and export jobs, webhooks."""
    from clients.services.revisits import revisit_plan
    from clients.services.support import support_request_raise
    from core.models import ExportJob, WebhookDelivery, WebhookEndpoint, WebhookEvent
    from core.reports.models import ReportJob

    u = w.users
    now = timezone.now()
    # CRM-5: raised by client A's user from the portal.
    w.add(
        "support_request",
        support_request_raise(
            actor=u["client"],
            kind="support",
            subject="矩阵支持",
            description="内容",
            engagement_id=eng.pk,
        ),
    )
    # CRM-6: planned by the engagement's PM (internal: no client user sees it).
    w.add(
        "revisit",
        revisit_plan(
            actor=u["pm"],
            method="phone",
            planned_date=now.date() + timedelta(days=7),
            purpose="回访",
            engagement_id=eng.pk,
            owner_id=u["pm"].pk,
        ),
    )
    # SEC-25: the person whose data the privacy officer exports, corrects or erases.
    w.add("privacy_person", u["client"])
    # A finished report (the acceptance report of client A's engagement), the PM's own job.
    w.add(
        "report_job",
        ReportJob.objects.create(
            kind="acceptance",
            params={"object_id": eng.pk},
            subject="验收报告",
            requested_by=u["pm"],
            requested_at=now,
            status="done",
            progress=100,
            finished_at=now,
            document=version.document,
            version=version,
            sha256="0" * 64,
        ),
    )
    # A finished background export, the PM's own; and a list anyone on the staff may export.
    export = ExportJob(
        requested_by=u["pm"], list_key="engagements", file_format="csv", language="zh-hans"
    )
    export.status = "done"
    export.result.save("engagements.csv", ContentFile(b"code\n"), save=True)
    w.add("export_job", export)
    w.kwargs["export_list"] = {"key": "engagements", "file_format": "csv"}
    # an endpoint (rows written directly: the service checks the URL resolves publicly)
    # and a failed delivery to it.
    endpoint = WebhookEndpoint.objects.create(
        name="矩阵",
        url="https://hooks.example.com/in",
        events=["webhook.test"],
        created_by=u["admin"],
    )
    w.add("webhook_endpoint", endpoint)
    event = WebhookEvent.objects.create(type="webhook.test", payload={}, occurred_at=now)
    w.add(
        "webhook_delivery",
        WebhookDelivery.objects.create(endpoint=endpoint, event=event, status="failed", attempts=1),
    )
