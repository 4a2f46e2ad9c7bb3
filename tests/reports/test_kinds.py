"""Every report kind renders and reads back (pdftotext), in zh-hans and en (X-4): the quality
report (QC-14), the flow sheet (QC-2, SEC-11), acceptance (ENG-11), audit (QC-6…QC-9), annual
results (QC-10), risk register and appraisal (STF-3)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.reports.services import report_request
from quality.models.audits import AuditKind
from quality.selectors.improvement import quarter_bounds
from quality.services import audits as audit_svc
from quality.services import reviews as review_svc
from tests.factories import TEST_PASSWORD, EngagementFactory
from tests.quality.factories import deliverable, new_version
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _period():
    start, end = quarter_bounds(timezone.localdate())
    return {"start": start.isoformat(), "end": end.isoformat()}


def _score(qa, entry, total):
    criteria = list(entry.audit.template.criteria.all())
    share = Decimal(total) / 100
    points = {c.pk: (c.weight * share).quantize(Decimal("0.01")) for c in criteria}
    points[criteria[-1].pk] += Decimal(total) - sum(points.values())
    return audit_svc.audit_score(actor=qa, entry=entry, points=points)


@pytest.fixture
def concluded_audit(qa_manager, client_a):
    return _concluded_audit(qa_manager, client_a, "季度质量检查")


def _concluded_audit(qa_manager, client_a, title):
    engagements = [
        EngagementFactory(client=client_a, title="华东区域咨询项目"),
        EngagementFactory(client=client_a, title="西部物流优化"),
    ]
    audit = audit_svc.audit_plan(
        actor=qa_manager,
        kind=AuditKind.SCHEDULED,
        title=title,
        planned_date=timezone.localdate(),
        engagements=engagements,
    )
    low, high = audit.entries.order_by("id")
    _score(qa_manager, low, "58.5")
    _score(qa_manager, high, "91")
    audit = audit_svc.audit_conclude(actor=qa_manager, audit=audit)
    audit_svc.audit_opinion_send(actor=qa_manager, entry=low, opinion="资料归档不完整，请整改。")
    return audit


def test_quarterly_quality_report_in_chinese_reads_back_its_sections(
    admin_user, concluded_audit, render_job
):  # QC-14, X-4
    job = report_request(actor=admin_user, kind="quarterly", params=_period(), language="zh-hans")
    job, pdf = render_job(job)
    text = pdf_text(pdf)
    for heading in [
        "季度质量报告",
        "指标与目标",
        "检查结果",
        "复核统计",
        "投诉",
        "客户满意度",
        "整改",
        "重点风险",
    ]:
        assert heading in text, heading
    assert "58.5" in text and "华东区域咨询项目" in text  # lowest-scoring engagement
    assert concluded_audit.code in text  # the appendix lists the audit with its criteria
    # The dashboards' SVG charts are drawn into the PDF, their Chinese labels as text.
    assert "按等级统计的受检项目" in text


def test_a_long_quarterly_report_is_rendered_in_parts_and_reads_as_one(
    admin_user, qa_manager, client_a, render_job, monkeypatch
):  # QC-14, P6
    from core.reports.kinds import quality

    monkeypatch.setattr(quality, "AUDITS_PER_PART", 1)
    audits = [_concluded_audit(qa_manager, client_a, f"专项检查{n}") for n in range(3)]
    job = report_request(actor=admin_user, kind="quarterly", params=_period(), language="zh-hans")
    job, pdf = render_job(job)
    text = pdf_text(pdf)
    # Every audit of the appendix once, in the order of conclusion, after the sections.
    positions = [text.index(f"{audit.code} 专项检查{n}") for n, audit in enumerate(audits)]
    assert text.index("重点风险") < positions[0] < positions[1] < positions[2]
    assert all(text.count(f"{a.code} 专项检查{n}") == 1 for n, a in enumerate(audits))
    pages = [page.replace(" ", "") for page in text.split("\f") if page.strip()]
    assert job.pages == len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"{number}/{len(pages)}" in page


def test_quarterly_report_names_the_satisfaction_dimensions(
    admin_user, client_user, client_a, render_job
):  # QC-14, CRM-4
    from clients.services.consents import consent_grant
    from clients.services.surveys import survey_answer, survey_questions
    from tests.clients.test_surveys import make_survey

    consent_grant(actor=client_user, person=client_user, purpose="surveys", channel="portal")
    survey = make_survey(EngagementFactory(client=client_a), client_user)
    scores = {question.pk: 4 for question in survey_questions(survey)}
    survey_answer(actor=client_user, survey_id=survey.pk, scores=scores)
    job = report_request(actor=admin_user, kind="quarterly", params=_period(), language="zh-hans")
    text = pdf_text(render_job(job)[1])
    assert "服务质量" in text and "成果质量" in text
    assert "deliverable" not in text  # the dimension's name, not its code


def test_quarterly_report_in_english(qa_manager, concluded_audit, render_job):  # QC-14, X-4
    job = report_request(actor=qa_manager, kind="quarterly", params=_period(), language="en")
    job, pdf = render_job(job)
    text = pdf_text(pdf)
    assert "Quarterly quality report" in text
    assert "KPIs against targets" in text and "Lowest-scoring engagements" in text
    assert "First-time pass rate" in text


def test_audit_report_with_written_opinion(qa_manager, concluded_audit, render_job):
    # QC-6 kind, QC-7 grades, QC-8 lowest score is the conclusion, QC-9 written opinion
    job = report_request(
        actor=qa_manager, kind="audit", params={"object_id": concluded_audit.pk}, language="zh-hans"
    )
    job, pdf = render_job(job)
    text = pdf_text(pdf)
    assert "质量检查报告" in text
    assert "58.5" in text and "91" in text
    assert "资料归档不完整" in text
    assert concluded_audit.get_kind_display() in text  # QC-6 kind


def test_annual_results_report(qa_manager, concluded_audit, render_job):  # QC-10
    audit_svc.annual_results_publish(actor=qa_manager, year=timezone.localdate().year)
    job = report_request(
        actor=qa_manager, kind="annual", params={"year": timezone.localdate().year}, language="en"
    )
    job, pdf = render_job(job)
    text = pdf_text(pdf)
    assert "Annual audit results" in text
    assert "Re-inspect next year" in text and "Award" in text


@pytest.fixture
def signed_version(engagement_a, consultant, discipline_lead, project_manager, technical_director):
    engagement_a.members.add(discipline_lead, consultant)
    version = new_version(
        deliverable(engagement=engagement_a, author=consultant), author=consultant
    )
    review = review_svc.review_submit(actor=consultant, version=version)
    level1 = review.levels.get(position=1)
    finding = review_svc.finding_raise(
        actor=discipline_lead,
        level_id=level1.pk,
        location="第3章 第2节",
        severity="major",
        description="投资估算缺少依据",
    )
    review_svc.level_return(actor=discipline_lead, level_id=level1.pk)
    review_svc.finding_answer(actor=consultant, finding_id=finding.pk, answer="已补充估算依据")
    review_svc.finding_recheck(actor=discipline_lead, finding_id=finding.pk, accepted=True)
    for signer, position in ((discipline_lead, 1), (project_manager, 2), (technical_director, 3)):
        review_svc.review_sign(
            actor=signer, level_id=review.levels.get(position=position).pk, password=TEST_PASSWORD
        )
    return version


def test_flow_sheet_lists_levels_findings_answers_and_the_signature_manifest(
    project_manager, signed_version, render_job
):  # QC-2, SEC-11
    from quality.models import Signature

    job = report_request(
        actor=project_manager,
        kind="flow_sheet",
        params={"object_id": signed_version.pk},
        language="zh-hans",
    )
    job, pdf = render_job(job)
    text = pdf_text(pdf)
    flat = text.replace("\n", "")
    assert "质量控制流程单" in text
    for name in ("校核", "审核", "审定"):
        assert name in text
    assert "投资估算缺少依据" in text and "已补充估算依据" in text
    for signature in Signature.objects.filter(version=signed_version):
        assert signature.printed_name in text
        assert signature.signed_at.strftime("%Y-%m-%d %H:%M:%S") in text  # UTC time
        assert signature.get_meaning_display() in text or signature.meaning in text
        assert signature.record_hash[:16] in flat  # the hash, possibly wrapped
    assert job.document.engagement_id == signed_version.document.engagement_id


def test_acceptance_report(project_manager, engagement_a, render_job):  # ENG-11
    from engagements.models import AcceptanceRequest

    AcceptanceRequest.objects.create(
        engagement=engagement_a,
        round=1,
        requested_at=timezone.now() - timedelta(days=3),
        requested_by=project_manager,
        content="可行性研究报告终稿",
        criteria="符合合同约定的深度要求",
        status="failed",
        verdict_at=timezone.now() - timedelta(days=2),
        verdict_by_name="客户代表王五",
        recorded_by=project_manager,
        reasons="附件图纸缺失",
    )
    job = report_request(
        actor=project_manager,
        kind="acceptance",
        params={"object_id": engagement_a.pk},
        language="zh-hans",
    )
    job, pdf = render_job(job)
    text = pdf_text(pdf)
    assert "验收报告" in text
    assert "可行性研究报告终稿" in text and "附件图纸缺失" in text and "客户代表王五" in text


def test_risk_register_report_escapes_hostile_titles(project_manager, engagement_a, render_job):
    # RSK-1…RSK-4, SEC-20: a risk title with markup is printed, not fetched
    from risk.models import RiskCategory
    from risk.services.register import risk_raise

    risk_raise(
        actor=project_manager,
        engagement_id=engagement_a.pk,
        title="<img src='file:///etc/passwd'>关键人员流失",
        category_id=RiskCategory.objects.order_by("order").first().pk,
        method="brainstorming",
        likelihood="high",
        impact="severe",
        owner_id=project_manager.pk,
    )
    job = report_request(
        actor=project_manager,
        kind="risk_register",
        params={"object_id": engagement_a.pk},
        language="zh-hans",
    )
    job, pdf = render_job(job)
    text = pdf_text(pdf)
    assert "关键人员流失" in text and "<img" in text
    assert "root:" not in text


def test_appraisal_report(qa_manager, consultant, render_job):  # STF-3
    from staff.models import Appraisal

    appraisal = Appraisal.objects.create(
        user=consultant,
        appraiser=qa_manager,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        assessment="专业能力突出，需加强进度管理。",
    )
    job = report_request(
        actor=consultant, kind="appraisal", params={"object_id": appraisal.pk}, language="zh-hans"
    )
    job, pdf = render_job(job)
    text = pdf_text(pdf)
    assert "绩效考核报告" in text
    assert "专业能力突出" in text
    assert job.document.confidentiality == "secret"
