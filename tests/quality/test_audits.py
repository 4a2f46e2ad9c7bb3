"""Audits (QC-6…QC-11): planning, 100-point scoring, grade bands, lowest-score conclusion,
the opinion → reply clock, annual results and reproducible spot-check samples."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.models import SlaClock
from core.sla.sweep import sla_sweep
from quality.models import AuditSettings, ChecklistCriterion, ChecklistTemplate, CorrectiveAction
from quality.models.audits import AuditKind, AuditStatus, Grade, audit_settings
from quality.services import audits as svc
from tests.factories import EngagementFactory
from tests.quality.conftest import full_points

pytestmark = pytest.mark.django_db


def _plan(qa, engagements, **kw):
    return svc.audit_plan(
        actor=qa,
        kind=kw.pop("kind", AuditKind.SCHEDULED),
        title="季度检查",
        planned_date=kw.pop("planned_date", timezone.localdate()),
        engagements=engagements,
        **kw,
    )


def _score(qa, entry, total):
    """Points spread over the criteria so that they sum to ``total``."""
    criteria = list(entry.audit.template.criteria.all())
    share = Decimal(total) / 100
    points = {c.pk: (c.weight * share).quantize(Decimal("0.01")) for c in criteria}
    drift = Decimal(total) - sum(points.values())
    points[criteria[-1].pk] += drift
    return svc.audit_score(actor=qa, entry=entry, points=points)


def test_the_standard_checklist_is_seeded_with_weights_summing_to_100_qc6(standard_checklist):
    assert svc.checklist_total(standard_checklist) == Decimal("100")


def test_audit_kinds_are_the_four_of_the_standard_qc6():
    assert set(AuditKind.values) == {"scheduled", "unscheduled", "spot_check", "special"}


def test_a_checklist_whose_weights_do_not_sum_to_100_is_refused_qc6(qa_manager, engagement_a):
    template = ChecklistTemplate.objects.create(name="草稿", code="draft")
    ChecklistCriterion.objects.create(template=template, text="只有一项", weight=Decimal("40"))
    with pytest.raises(ApplicationError, match="100"):
        _plan(qa_manager, [engagement_a], template=template)


def test_only_the_qa_office_plans_audits_qc6(project_manager, engagement_a):
    with pytest.raises(ForbiddenError):
        _plan(project_manager, [engagement_a])


def test_scoring_sums_criterion_points_on_100_point_scale_qc6(qa_manager, engagement_a):
    audit = _plan(qa_manager, [engagement_a])
    entry = audit.entries.get()
    entry = svc.audit_score(actor=qa_manager, entry=entry, points=full_points(audit.template))
    assert entry.score == Decimal("100")
    assert entry.grade == Grade.EXCELLENT
    audit.refresh_from_db()
    assert audit.status == AuditStatus.IN_PROGRESS


def test_points_above_a_criterion_weight_are_refused_qc6(qa_manager, engagement_a):
    audit = _plan(qa_manager, [engagement_a])
    points = full_points(audit.template)
    first = next(iter(points))
    points[first] += 1
    with pytest.raises(ApplicationError):
        svc.audit_score(actor=qa_manager, entry=audit.entries.get(), points=points)


def test_every_criterion_must_be_scored_qc6(qa_manager, engagement_a):
    audit = _plan(qa_manager, [engagement_a])
    points = full_points(audit.template)
    points.popitem()
    with pytest.raises(ApplicationError):
        svc.audit_score(actor=qa_manager, entry=audit.entries.get(), points=points)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("0", Grade.UNQUALIFIED),
        ("59.9", Grade.UNQUALIFIED),
        ("59.99", Grade.UNQUALIFIED),
        ("60", Grade.QUALIFIED),
        ("80", Grade.QUALIFIED),
        ("80.01", Grade.EXCELLENT),
        ("80.1", Grade.EXCELLENT),
        ("100", Grade.EXCELLENT),
    ],
)
def test_grade_band_boundaries_qc7(score, grade):
    assert audit_settings().grade_for(Decimal(score)) == grade


def test_grade_bands_are_firm_settings_qc7():
    row = AuditSettings.objects.get(pk=1)
    row.qualified_from = Decimal("70")
    row.excellent_above = Decimal("90")
    row.save()
    assert audit_settings().grade_for(Decimal("65")) == Grade.UNQUALIFIED
    assert audit_settings().grade_for(Decimal("85")) == Grade.QUALIFIED


def test_scored_engagement_at_59_99_is_unqualified_and_at_80_qualified_qc7(qa_manager, client_a):
    engagements = [EngagementFactory(client=client_a) for _ in range(2)]
    audit = _plan(qa_manager, engagements)
    low, high = audit.entries.order_by("id")
    assert _score(qa_manager, low, "59.99").grade == Grade.UNQUALIFIED
    assert _score(qa_manager, high, "80").grade == Grade.QUALIFIED


def test_audit_of_several_engagements_concludes_with_the_lowest_score_qc8(qa_manager, client_a):
    # QC-8
    engagements = [EngagementFactory(client=client_a) for _ in range(3)]
    audit = _plan(qa_manager, engagements)
    for entry, total in zip(audit.entries.order_by("id"), ["92", "61.5", "85"], strict=True):
        _score(qa_manager, entry, total)
    audit = svc.audit_conclude(actor=qa_manager, audit=audit)
    assert audit.conclusion_score == Decimal("61.5")
    assert audit.conclusion_grade == Grade.QUALIFIED
    with pytest.raises(ConflictError):
        _score(qa_manager, audit.entries.first(), "50")


def test_an_audit_cannot_conclude_before_every_engagement_is_scored_qc8(qa_manager, client_a):
    # QC-8
    audit = _plan(qa_manager, [EngagementFactory(client=client_a) for _ in range(2)])
    _score(qa_manager, audit.entries.first(), "70")
    with pytest.raises(ConflictError):
        svc.audit_conclude(actor=qa_manager, audit=audit)


def test_opinion_starts_a_10_day_reply_clock_met_by_the_team_reply_qc9(
    qa_manager, project_manager, engagement_a
):
    audit = _plan(qa_manager, [engagement_a])
    entry = _score(qa_manager, audit.entries.get(), "75")
    entry = svc.audit_opinion_send(actor=qa_manager, entry=entry, opinion="请补充复核记录。")
    clock = SlaClock.objects.get(policy__code="audit_rectification_reply", object_id=entry.pk)
    assert clock.owner == project_manager
    assert clock.due_at - clock.started_at == timedelta(days=10)
    svc.audit_reply(actor=project_manager, entry=entry, reply="已整改。")
    clock.refresh_from_db()
    assert clock.state == SlaClock.State.MET
    entry.refresh_from_db()
    assert entry.replied_by == project_manager


def test_overdue_reply_escalates_qc9(qa_manager, engagement_a):
    audit = _plan(qa_manager, [engagement_a])
    entry = _score(qa_manager, audit.entries.get(), "75")
    svc.audit_opinion_send(actor=qa_manager, entry=entry, opinion="请整改。")
    result = sla_sweep(now=timezone.now() + timedelta(days=11))
    assert result.breached == 1
    assert result.escalated >= 1


def test_only_the_audited_team_replies_qc9(qa_manager, engagement_a, discipline_lead):
    audit = _plan(qa_manager, [engagement_a])
    entry = _score(qa_manager, audit.entries.get(), "75")
    svc.audit_opinion_send(actor=qa_manager, entry=entry, opinion="请整改。")
    with pytest.raises(ForbiddenError):
        svc.audit_reply(actor=discipline_lead, entry=entry, reply="x")


def test_an_unqualified_engagement_gets_a_corrective_action_with_the_opinion_qc9_qc13(
    qa_manager, project_manager, engagement_a
):
    audit = _plan(qa_manager, [engagement_a])
    entry = _score(qa_manager, audit.entries.get(), "50")
    svc.audit_opinion_send(actor=qa_manager, entry=entry, opinion="成果文件不合格。")
    action = CorrectiveAction.objects.get(engagement=engagement_a)
    assert action.source_kind == "audit"
    assert action.owner == project_manager


def test_annual_results_rank_flag_best_and_below_60_qc10(
    qa_manager, client_a, technical_director, consultant, project_manager
):
    # QC-10
    engagements = [
        EngagementFactory(client=client_a, project_manager=project_manager) for _ in range(3)
    ]
    engagements[2].members.add(consultant)
    year = timezone.localdate().year
    for engagement, total in zip(engagements, ["88", "70", "55"], strict=True):
        audit = _plan(qa_manager, [engagement], planned_date=date(year, 3, 1))
        _score(qa_manager, audit.entries.get(), total)
        svc.audit_conclude(actor=qa_manager, audit=audit)
    settings_row = AuditSettings.objects.get(pk=1)
    settings_row.penalty_text = "扣减年度绩效 10%"
    settings_row.save()
    rows = svc.annual_results_publish(actor=qa_manager, year=year)
    assert [r.rank for r in rows] == [1, 2, 3]
    assert [r.engagement for r in rows] == engagements
    assert rows[0].award and not rows[1].award
    assert rows[2].reinspect and not rows[1].reinspect
    roles = {m["role"] for m in rows[2].members}
    assert roles == {"project_manager", "engineer", "technical_director"}
    assert rows[2].penalty == "扣减年度绩效 10%"
    # Publishing again replaces the year's rows.
    assert len(svc.annual_results_publish(actor=qa_manager, year=year)) == 3


def test_annual_ranking_uses_each_teams_lowest_score_of_the_year_qc10(qa_manager, client_a):
    # QC-10
    engagement = EngagementFactory(client=client_a)
    year = timezone.localdate().year
    for total in ["90", "65"]:
        audit = _plan(qa_manager, [engagement], planned_date=date(year, 5, 1))
        _score(qa_manager, audit.entries.get(), total)
        svc.audit_conclude(actor=qa_manager, audit=audit)
    (row,) = svc.annual_results_publish(actor=qa_manager, year=year)
    assert row.score == Decimal("65")


def test_spot_check_sample_is_10_percent_reproducible_from_its_seed_qc11(qa_manager, client_a):
    EngagementFactory.create_batch(25, client=client_a, stage="execution")
    sample = svc.spot_check_draw(actor=qa_manager, population="engagements", seed=42)
    assert len(sample.population_ids) == 25
    assert len(sample.sampled_ids) == 3  # 10 % of 25, rounded up
    assert svc.spot_check_redraw(sample) == sample.sampled_ids
    again = svc.spot_check_draw(actor=qa_manager, population="engagements", seed=42)
    assert again.sampled_ids == sample.sampled_ids
    other = svc.spot_check_draw(actor=qa_manager, population="engagements", seed=7)
    assert set(other.sampled_ids) <= set(other.population_ids)


def test_spot_check_draws_at_least_one_record_qc11(qa_manager, client_a):
    EngagementFactory.create_batch(3, client=client_a, stage="execution")
    sample = svc.spot_check_draw(actor=qa_manager, population="engagements", seed=1)
    assert len(sample.sampled_ids) == 1


def test_spot_check_rate_is_a_firm_setting_qc11(qa_manager, client_a):
    EngagementFactory.create_batch(10, client=client_a, stage="execution")
    AuditSettings.objects.filter(pk=1).update(sample_percent=Decimal("50"))
    sample = svc.spot_check_draw(actor=qa_manager, population="engagements", seed=3)
    assert len(sample.sampled_ids) == 5


def test_special_investigation_opened_by_another_app_qc6(project_manager, engagement_a):
    audit = svc.audit_open_special_investigation(
        engagement=engagement_a, reason="严重投诉", actor=project_manager
    )
    assert audit.kind == AuditKind.SPECIAL
    assert audit.reason == "严重投诉"
    assert list(audit.entries.values_list("engagement", flat=True)) == [engagement_a.pk]


def test_admin_refuses_a_checklist_whose_weights_do_not_sum_to_100_qc6(client, admin_user):
    # QC-6: checklist templates are admin-editable; the inline weights must sum to 100.
    from django.urls import reverse

    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    url = reverse("admin:quality_checklisttemplate_add")
    data = {
        "name": "专项检查表",
        "code": "special",
        "is_active": "on",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-position": "1",
        "criteria-0-text": "资料完整",
        "criteria-0-weight": "40",
        "criteria-1-position": "2",
        "criteria-1-text": "结论准确",
        "criteria-1-weight": "50",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert not ChecklistTemplate.objects.filter(code="special").exists()
    data["criteria-1-weight"] = "60"
    assert client.post(url, data).status_code == 302
    assert svc.checklist_total(ChecklistTemplate.objects.get(code="special")) == Decimal("100")


def test_the_audit_page_shows_the_sampled_engagements_qc11(client, qa_manager, client_a):
    from quality.selectors.audits import samples_for

    engagements = EngagementFactory.create_batch(4, client=client_a, stage="execution")
    audit = _plan(qa_manager, engagements[:1])
    sample = svc.spot_check_draw(actor=qa_manager, population="engagements", seed=9, audit=audit)
    (shown,) = samples_for(audit)
    codes = dict((e.pk, e.code) for e in engagements)
    assert shown.labels == [codes[i] for i in sample.sampled_ids]
    client.force_login(qa_manager)
    page = client.get(audit.get_absolute_url()).content.decode()
    assert shown.labels[0] in page
