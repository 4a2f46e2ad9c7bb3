"""KPIs (QC-12), corrective actions (QC-13, IMP-2), initiatives (IMP-1), the case library
(IMP-3) and the period report (QC-14)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.models import Notification, SlaClock
from quality.models import KpiBreach, KpiObjective
from quality.models.improvement import KpiStatus, PdcaStage
from quality.selectors import improvement as sel
from quality.services import audits as audit_svc
from quality.services import improvement as svc
from tests.factories import EngagementFactory
from tests.quality.test_audits import _plan, _score

pytestmark = pytest.mark.django_db

SEEDED = {
    "csat",
    "completion_rate",
    "response_time",
    "resolution_rate",
    "complaint_rate",
    "first_pass_rate",
    "error_rate",
    "project_success_rate",
}


@pytest.fixture
def fixed_value():
    """A calculator whose value the test sets, registered like another app would."""
    box = {"value": Decimal("95")}
    sel.register_calculator("test_fixed", lambda start, end: box["value"])
    yield box
    sel.CALCULATORS.pop("test_fixed", None)


def _objective(owner=None, **kw):
    defaults = {
        "code": "test-kpi",
        "name": "测试满意度",
        "calculator": "test_fixed",
        "direction": "at_least",
        "target": Decimal("90"),
        "warning": Decimal("85"),
        "owner": owner,
    }
    defaults.update(kw)
    return KpiObjective.objects.create(**defaults)


# --- QC-12 -------------------------------------------------------------------------------------


def test_quality_objectives_are_seeded_with_targets_qc12():
    objectives = {o.code: o for o in KpiObjective.objects.all()}
    assert set(objectives) >= SEEDED
    assert objectives["csat"].target == Decimal("90")
    assert objectives["error_rate"].target == Decimal("3")
    assert objectives["error_rate"].direction == "at_most"
    assert objectives["project_success_rate"].target == Decimal("80")


def test_kpi_status_against_target_and_warning_qc12():
    up = KpiObjective(direction="at_least", target=Decimal("90"), warning=Decimal("85"))
    assert up.status_for(Decimal("90")) == KpiStatus.OK
    assert up.status_for(Decimal("86")) == KpiStatus.WARNING
    assert up.status_for(Decimal("84.99")) == KpiStatus.BREACH
    assert up.status_for(None) == KpiStatus.NO_DATA
    down = KpiObjective(direction="at_most", target=Decimal("3"), warning=Decimal("5"))
    assert down.status_for(Decimal("3")) == KpiStatus.OK
    assert down.status_for(Decimal("4")) == KpiStatus.WARNING
    assert down.status_for(Decimal("5.1")) == KpiStatus.BREACH


def test_a_breach_alerts_the_owner_once_not_every_sweep_qc12(fixed_value, qa_manager):
    objective = _objective(owner=qa_manager)
    fixed_value["value"] = Decimal("80")
    now = timezone.now()
    svc.kpi_sweep(now=now)
    svc.kpi_sweep(now=now + timedelta(hours=1))
    assert KpiBreach.objects.filter(objective=objective).count() == 1
    assert Notification.objects.filter(kind="kpi_breach", recipient=qa_manager).count() == 1
    clock = SlaClock.objects.get(policy__code="kpi_breach_rectification_start")
    assert clock.owner == qa_manager
    assert clock.due_at - clock.started_at == timedelta(hours=24)
    # Back on target: the breach clears and its clock is cancelled; a new breach alerts again.
    fixed_value["value"] = Decimal("92")
    svc.kpi_sweep(now=now + timedelta(hours=2))
    assert not KpiBreach.objects.filter(cleared_at__isnull=True).exists()
    clock.refresh_from_db()
    assert clock.state == SlaClock.State.CANCELLED
    fixed_value["value"] = Decimal("70")
    svc.kpi_sweep(now=now + timedelta(hours=3))
    assert Notification.objects.filter(kind="kpi_breach", recipient=qa_manager).count() == 2


def test_a_breach_without_owner_alerts_the_qa_office_qc12(fixed_value, qa_manager):
    _objective()
    fixed_value["value"] = Decimal("10")
    svc.kpi_sweep()
    assert Notification.objects.filter(kind="kpi_breach", recipient=qa_manager).exists()


def test_starting_rectification_opens_an_action_and_meets_the_24h_clock_qc12_qc13(
    fixed_value, qa_manager, project_manager
):
    objective = _objective(owner=qa_manager)
    fixed_value["value"] = Decimal("80")
    svc.kpi_sweep()
    breach = KpiBreach.objects.get(objective=objective)
    action = svc.kpi_breach_rectify(actor=qa_manager, breach=breach, owner=project_manager)
    assert action.source_kind == "kpi"
    clock = SlaClock.objects.get(policy__code="kpi_breach_rectification_start")
    assert clock.state == SlaClock.State.MET


def test_kpi_values_are_computed_in_sql_from_records_qc12(qa_manager, client_a):
    audit = _plan(qa_manager, [EngagementFactory(client=client_a) for _ in range(4)])
    for entry, total in zip(audit.entries.order_by("id"), ["90", "75", "55", "62"], strict=True):
        _score(qa_manager, entry, total)
    now = timezone.now() + timedelta(seconds=1)
    assert sel.project_success_rate(now - timedelta(days=1), now) == Decimal("75.00")
    assert sel.audit_average_score(now - timedelta(days=1), now) == Decimal("70.50")
    objective = KpiObjective.objects.get(code="project_success_rate")
    assert svc.kpi_evaluate(objective=objective, now=now) == KpiStatus.WARNING
    objective.refresh_from_db()
    assert objective.last_value == Decimal("75.00")
    assert objective.measurements.count() == 1


def test_an_objective_without_calculator_has_no_data_qc12():
    objective = KpiObjective.objects.get(code="csat")
    if "csat" not in sel.CALCULATORS:
        assert svc.kpi_evaluate(objective=objective) == KpiStatus.NO_DATA


# --- QC-13 / IMP-2 -----------------------------------------------------------------------------


def _open(actor, owner, engagement=None, **kw):
    return svc.action_open(
        source_kind=kw.pop("source_kind", "failed_acceptance"),
        source_text="验收未通过：数据不一致",
        engagement=engagement,
        owner=owner,
        actor=actor,
        **kw,
    )


def test_action_open_from_another_app_starts_a_deadline_clock_qc13(
    qa_manager, project_manager, engagement_a
):
    due = timezone.localdate() + timedelta(days=14)
    action = _open(qa_manager, project_manager, engagement_a, due_date=due, department="咨询一部")
    assert action.code.startswith("CAPA-")
    assert action.stage == PdcaStage.PLAN
    clock = SlaClock.objects.get(policy__code="quality_action_due", object_id=action.pk)
    assert timezone.localdate(clock.due_at) == due
    assert clock.owner == project_manager
    assert Notification.objects.filter(kind="action_assigned", recipient=project_manager).exists()


def test_action_default_deadline_is_a_firm_setting_qc13(qa_manager, project_manager):
    action = _open(qa_manager, project_manager)
    assert action.due_date == timezone.localdate() + timedelta(days=30)


def test_pdca_plan_do_check_act_with_verification_by_someone_else_qc13(
    qa_manager, project_manager, technical_director
):
    action = _open(qa_manager, project_manager)
    action = svc.action_plan_save(actor=project_manager, action=action, plan="增加交叉复核")
    assert action.stage == PdcaStage.DO
    action = svc.action_do_record(actor=project_manager, action=action, done_note="已复核")
    assert action.stage == PdcaStage.CHECK
    with pytest.raises(ForbiddenError):
        svc.action_verify(actor=project_manager, action=action, effective=True, note="有效")
    action = svc.action_verify(actor=technical_director, action=action, effective=True, note="有效")
    assert action.stage == PdcaStage.ACT
    action = svc.action_close(actor=qa_manager, action=action)
    assert action.stage == PdcaStage.CLOSED
    clock = SlaClock.objects.get(policy__code="quality_action_due", object_id=action.pk)
    assert clock.state == SlaClock.State.MET


def test_the_owner_cannot_verify_even_as_qa_manager_qc13(qa_manager):
    action = _open(qa_manager, qa_manager)
    svc.action_plan_save(actor=qa_manager, action=action, plan="p")
    svc.action_do_record(actor=qa_manager, action=action, done_note="d")
    with pytest.raises(ForbiddenError):
        svc.action_verify(actor=qa_manager, action=action, effective=True, note="ok")


def test_an_ineffective_action_cannot_close_and_is_reopened_qc13(
    qa_manager, project_manager, technical_director
):
    action = _open(qa_manager, project_manager)
    svc.action_plan_save(actor=project_manager, action=action, plan="p")
    svc.action_do_record(actor=project_manager, action=action, done_note="d")
    svc.action_verify(actor=technical_director, action=action, effective=False, note="未解决")
    with pytest.raises(ConflictError):
        svc.action_close(actor=qa_manager, action=action)
    action = svc.action_reopen(actor=qa_manager, action=action, reason="问题复现")
    assert action.stage == PdcaStage.PLAN
    assert action.reopen_count == 1


def test_stages_cannot_be_skipped_qc13(qa_manager, project_manager):
    action = _open(qa_manager, project_manager)
    with pytest.raises(ConflictError):
        svc.action_do_record(actor=project_manager, action=action, done_note="d")


def test_someone_else_cannot_work_the_action_qc13(qa_manager, project_manager, consultant):
    action = _open(qa_manager, project_manager)
    with pytest.raises(ForbiddenError):
        svc.action_plan_save(actor=consultant, action=action, plan="p")


def test_a_past_deadline_is_refused_qc13(qa_manager, project_manager):
    with pytest.raises(ApplicationError):
        _open(qa_manager, project_manager, due_date=timezone.localdate() - timedelta(days=1))


def test_follow_up_problem_is_classified_and_progress_reported_to_client_imp2(
    qa_manager, project_manager, engagement_a
):
    action = _open(
        qa_manager,
        project_manager,
        engagement_a,
        source_kind="follow_up",
        nature="service",
        severity="major",
        target="客户确认问题解决",
    )
    assert (action.nature, action.severity) == ("service", "major")
    entry = svc.action_progress_add(
        actor=project_manager, action=action, note="已向客户说明整改进度", reported_to_client=True
    )
    assert entry.reported_to_client


# --- IMP-1 -------------------------------------------------------------------------------------


def test_initiative_moves_through_pdca_to_closed_imp1(qa_manager, technical_director):
    initiative = svc.initiative_create(
        actor=qa_manager, title="缩短复核周期", owner=technical_director, process_area="质量控制"
    )
    for note in ["计划", "执行", "检查", "标准化"]:
        initiative = svc.initiative_advance(
            actor=technical_director, initiative=initiative, note=note
        )
    assert initiative.stage == PdcaStage.CLOSED
    assert initiative.act_note == "标准化"
    with pytest.raises(ConflictError):
        svc.initiative_advance(actor=qa_manager, initiative=initiative, note="x")


# --- IMP-3 -------------------------------------------------------------------------------------


def test_case_library_from_closed_engagements_is_searchable_imp3(qa_manager, client_a):
    closed = EngagementFactory(client=client_a, stage="closed", service_type="it")
    running = EngagementFactory(client=client_a, stage="execution")
    with pytest.raises(ConflictError):
        svc.case_create(actor=qa_manager, engagement=running, summary="s", lessons="l")
    case = svc.case_create(
        actor=qa_manager, engagement=closed, summary="安全评估", lessons="提前获取资产清单"
    )
    assert (case.service_type, case.industry) == ("it", "制造业")
    year = timezone.localdate().year
    assert list(sel.case_search(user=qa_manager, q="资产清单")) == [case]
    assert list(
        sel.case_search(user=qa_manager, service_type="it", industry="制造业", year=year)
    ) == [case]
    assert not sel.case_search(user=qa_manager, service_type="finance").exists()
    with pytest.raises(ConflictError):
        svc.case_create(actor=qa_manager, engagement=closed, summary="s", lessons="l")


# --- QC-14 -------------------------------------------------------------------------------------


def test_period_report_has_kpis_grades_lowest_and_actions_qc14(
    qa_manager, project_manager, client_a
):
    audit = _plan(qa_manager, [EngagementFactory(client=client_a) for _ in range(3)])
    for entry, total in zip(audit.entries.order_by("id"), ["90", "70", "50"], strict=True):
        _score(qa_manager, entry, total)
    audit_svc.audit_conclude(actor=qa_manager, audit=audit)
    _open(qa_manager, project_manager)
    start, end = sel.quarter_bounds(timezone.localdate())
    report = sel.quality_report(start=start, end=end)
    assert report.grade_distribution == {"excellent": 1, "qualified": 1, "unqualified": 1}
    assert report.audits_concluded == 1
    assert [e.score for e in report.lowest] == [Decimal("50"), Decimal("70"), Decimal("90")]
    assert report.actions_opened == 1
    assert report.actions_open_now == 1
    assert {row.objective.code for row in report.kpis} >= SEEDED
