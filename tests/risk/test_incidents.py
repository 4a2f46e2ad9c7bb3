"""Emergency plans and incidents (RSK-5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.models import Notification
from risk.models import EmergencyPlan, Incident, RiskCategory
from risk.services import incidents as svc
from risk.services.plans import emergency_plan_save, parse_steps
from risk.signals import incident_reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(engagement_a, project_manager, qa_manager):
    category = RiskCategory.objects.get(code="technical")
    return svc.incident_report(
        actor=project_manager,
        engagement_id=engagement_a.pk,
        category_id=category.pk,
        title="成果数据差错",
        description="交付报告中的投资估算表引用了错误年份的数据",
        severity="major",
    )


def test_rsk5_every_category_has_an_emergency_plan_with_trigger_steps_roles_contacts() -> None:
    # RSK-5
    for category in RiskCategory.objects.all():
        plan = EmergencyPlan.objects.get(category=category)
        assert plan.trigger and plan.roles and plan.contacts and plan.steps.count() >= 3


def test_rsk5_plans_are_edited_by_oversight_roles_only(project_manager, qa_manager) -> None:
    # RSK-5
    category = RiskCategory.objects.get(code="financial")
    steps = parse_steps("冻结付款 | 财务部\n通知客户")
    with pytest.raises(ForbiddenError):
        emergency_plan_save(
            actor=project_manager, category_id=category.pk, title="x", trigger="y", steps=steps
        )
    plan = emergency_plan_save(
        actor=qa_manager,
        category_id=category.pk,
        title="汇率剧烈波动",
        trigger="汇率单日波动超过2%",
        steps=steps,
    )
    assert [(s.order, s.action, s.role) for s in plan.steps.all()] == [
        (1, "冻结付款", "财务部"),
        (2, "通知客户", ""),
    ]


def test_rsk5_an_incident_is_reported_classified_and_gets_its_plans_steps(
    reported, qa_manager
) -> None:  # RSK-5
    assert reported.status == "reported" and reported.severity == "major"
    assert reported.plan.category == reported.category
    assert reported.steps.count() == reported.plan.steps.count()
    assert Notification.objects.filter(recipient=qa_manager, kind="risk_incident").count() == 1
    svc.incident_classify(
        actor=qa_manager, incident_id=reported.pk, severity="critical", note="影响客户投资决策"
    )
    reported.refresh_from_db()
    assert reported.severity == "critical"


def test_rsk5_steps_are_handled_in_order_with_a_timeline(reported, project_manager) -> None:
    # RSK-5
    steps = list(reported.steps.order_by("order"))
    with pytest.raises(ConflictError):
        svc.incident_step_done(actor=project_manager, incident_id=reported.pk, step_id=steps[1].pk)
    with pytest.raises(ConflictError):
        svc.incident_resolve(actor=project_manager, incident_id=reported.pk)
    for step in steps:
        svc.incident_step_done(
            actor=project_manager, incident_id=reported.pk, step_id=step.pk, note="完成"
        )
    svc.incident_add_note(actor=project_manager, incident_id=reported.pk, text="客户已确认")
    svc.incident_resolve(actor=project_manager, incident_id=reported.pk)
    reported.refresh_from_db()
    assert reported.status == "resolved"
    kinds = list(reported.events.values_list("kind", flat=True))
    assert kinds == ["reported", *["step"] * len(steps), "note", "resolved"]


def test_rsk5_closing_needs_the_post_incident_review_and_sends_the_signal(
    reported, project_manager, consultant
) -> None:  # RSK-5
    received = []

    def receiver(sender, incident, improvements, actor, **kwargs):
        received.append((incident.pk, improvements, actor))

    incident_reviewed.connect(receiver)
    try:
        with pytest.raises(ConflictError):  # not resolved yet
            svc.incident_close_with_review(
                actor=project_manager, incident_id=reported.pk, root_cause="a", lessons="b"
            )
        for step in reported.steps.order_by("order"):
            svc.incident_step_done(actor=project_manager, incident_id=reported.pk, step_id=step.pk)
        svc.incident_resolve(actor=project_manager, incident_id=reported.pk)
        with pytest.raises(ApplicationError):
            svc.incident_close_with_review(
                actor=project_manager, incident_id=reported.pk, root_cause="", lessons=""
            )
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            svc.incident_close_with_review(
                actor=project_manager,
                incident_id=reported.pk,
                root_cause="数据来源未经二次核对",
                lessons="引用外部数据须注明年份并复核",
                improvements=[{"description": "修订数据引用复核清单", "owner_id": consultant.pk}],
            )
    finally:
        incident_reviewed.disconnect(receiver)
    reported.refresh_from_db()
    assert reported.status == "closed" and reported.reviewed_by == project_manager
    assert received == [
        (
            reported.pk,
            [{"description": "修订数据引用复核清单", "owner_id": consultant.pk, "due_date": None}],
            project_manager,
        )
    ]


def test_rsk5_outsiders_cannot_handle_an_incident(reported, consultant, outsider) -> None:
    # RSK-5
    for user in (consultant, outsider):
        with pytest.raises(ForbiddenError):
            svc.incident_add_note(actor=user, incident_id=reported.pk, text="x")


def test_rsk5_incident_page_shows_steps_and_timeline(client, reported, project_manager) -> None:
    # RSK-5
    client.force_login(project_manager)
    step = reported.steps.order_by("order").first()
    response = client.post(
        reverse("risk:incident-action", args=[reported.pk, "step"]),
        {"step_id": step.pk, "note": "已通知客户"},
    )
    assert response.status_code == 302
    page = client.get(reported.get_absolute_url())
    assert page.status_code == 200
    assert "已通知客户".encode() in page.content and b'data-testid="timeline"' in page.content
    assert Incident.objects.get(pk=reported.pk).status == "handling"
