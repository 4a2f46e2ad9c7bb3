"""The quality app's links to the other apps (quality/integrations.py): each signal's effect
happens once, releases wait for the review, and the registered figures compute from data."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from clients.models import Complaint, Survey
from clients.signals import complaint_serious, survey_low_score
from core.exceptions import ConflictError
from documents.services.documents import document_release, release_refusals
from quality.models import Audit, CorrectiveAction
from quality.models.audits import AuditKind
from quality.services import reviews as review_svc
from risk.indicators import INDICATORS
from risk.models import Incident, RiskCategory
from risk.services import incidents as incident_svc
from risk.signals import incident_reviewed
from staff.appraisal import FIGURES, compute_figures
from tests.clients.test_complaints import submit
from tests.clients.test_surveys import make_survey
from tests.factories import TEST_PASSWORD
from tests.quality.test_reviews import sign_all

pytestmark = pytest.mark.django_db


def test_a_serious_complaint_opens_one_special_investigation(
    client_user, engagement_a, qa_manager
) -> None:
    # CRM-3, QC-6
    complaint = submit(client_user, engagement_a)
    complaint_serious.send(sender=Complaint, complaint=complaint)
    complaint_serious.send(sender=Complaint, complaint=complaint)  # a retried delivery
    audits = Audit.objects.filter(kind=AuditKind.SPECIAL)
    assert audits.count() == 1
    audit = audits.get()
    assert complaint.reference in audit.reason
    assert list(audit.entries.values_list("engagement", flat=True)) == [engagement_a.pk]


def test_a_low_survey_score_opens_one_action_for_the_project_manager(
    engagement_a, client_user, project_manager
) -> None:
    # CRM-4, QC-13
    survey = make_survey(
        engagement_a, client_user, status="answered", mean_score=Decimal("2.00"), comment="太慢"
    )
    survey_low_score.send(sender=Survey, survey=survey)
    survey_low_score.send(sender=Survey, survey=survey)
    action = CorrectiveAction.objects.get(source_kind="survey")
    assert action.owner == project_manager and action.engagement == engagement_a
    assert "太慢" in action.source_text


def test_a_post_incident_review_opens_an_action_per_improvement(
    engagement_a, project_manager, consultant
) -> None:
    # RSK-5, QC-13
    incident = incident_svc.incident_report(
        actor=project_manager,
        engagement_id=engagement_a.pk,
        category_id=RiskCategory.objects.get(code="technical").pk,
        title="数据差错",
        description="引用了错误年份的数据",
        severity="major",
    )
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    improvements = [
        {"description": "数据复核清单", "owner_id": consultant.pk, "due_date": due},
        {"description": "培训", "owner_id": None, "due_date": None},
    ]
    for _ in range(2):
        incident_reviewed.send(
            sender=Incident, incident=incident, improvements=improvements, actor=project_manager
        )
    actions = CorrectiveAction.objects.filter(source_kind="incident").order_by("source_ref")
    assert [(a.owner, a.source_text) for a in actions] == [
        (consultant, "数据复核清单"),
        (project_manager, "培训"),
    ]


def test_a_deliverable_is_released_to_the_client_only_after_its_review(
    version, consultant, discipline_lead, project_manager, technical_director
) -> None:
    # ENG-10, DOC-3, QC-1
    assert release_refusals(version)
    with pytest.raises(ConflictError):
        document_release(actor=project_manager, version=version)
    review = review_svc.review_submit(actor=consultant, version=version)
    sign_all(review, discipline_lead, project_manager, technical_director)
    assert release_refusals(version) == []
    assert document_release(actor=project_manager, version=version).pk


def test_the_appraisal_shows_review_figures_from_the_quality_app(
    version, consultant, discipline_lead, project_manager, technical_director
) -> None:
    # STF-3, QC-4
    assert {"quality.first_time_pass_rate", "quality.accountability", "clients.csat"} <= set(
        FIGURES
    )
    review = review_svc.review_submit(actor=consultant, version=version)
    sign_all(review, discipline_lead, project_manager, technical_director)
    today = timezone.localdate()
    figures = compute_figures(consultant, today - timedelta(days=30), today)
    assert figures["quality.first_time_pass_rate"]["value"] == "100.0"
    assert figures["quality.findings_against"]["value"] == 0
    assert figures["quality.first_time_pass_rate"]["source_url"]


def test_client_and_quality_indicators_feed_the_early_warning_sweep(db) -> None:
    # RSK-6
    assert {"csat", "overdue_complaints", "critical_findings"} <= set(INDICATORS)
    for key in ("csat", "overdue_complaints", "critical_findings"):
        assert INDICATORS[key].fn() == {}


def test_signing_still_needs_the_password(version, consultant, discipline_lead) -> None:
    review = review_svc.review_submit(actor=consultant, version=version)
    level = review.levels.get(position=1)
    review_svc.review_sign(actor=discipline_lead, level_id=level.pk, password=TEST_PASSWORD)


@pytest.fixture
def signer(db):
    from staff.choices import Role
    from tests.factories import UserFactory

    return UserFactory(username="authorised_signer", roles=[Role.ADMIN.value])


def test_a_failed_acceptance_opens_one_corrective_action(
    project_manager,
    technical_director,
    legal_reviewer,
    signer,
    client_user,
    client_a,
    django_capture_on_commit_callbacks,
) -> None:
    # ENG-11, QC-13
    from engagements.choices import Stage
    from engagements.services import lifecycle
    from tests.engagements.test_closing import request_round, verdict, walk

    users = {
        "pm": project_manager,
        "technical_director": technical_director,
        "legal_reviewer": legal_reviewer,
        "signer": signer,
        "client": client_user,
    }
    engagement = lifecycle.engagement_intake(
        actor=project_manager,
        client=client_a,
        title="验收项目",
        service_type="engineering",
        source="market_research",
    )
    engagement = walk(Stage.ACCEPTANCE, engagement, users)
    with django_capture_on_commit_callbacks(execute=True):
        round_one = verdict(
            client_user, request_round(engagement, project_manager), "fail", reasons="缺少附表"
        )
    action = CorrectiveAction.objects.get(source_kind="failed_acceptance")
    assert action.source_ref == f"acceptance:{round_one.pk}"
    assert action.owner == project_manager and "缺少附表" in action.source_text


def test_spot_checks_sample_complaints_too(client_user, engagement_a, qa_manager) -> None:
    # QC-11: engagements, deliverables or complaints; the seed re-draws the same sample.
    from quality.services.audits import spot_check_draw, spot_check_redraw

    complaints = [submit(client_user, engagement_a, subject=f"投诉 {n}") for n in range(12)]
    sample = spot_check_draw(actor=qa_manager, population="complaints", seed=7)
    assert sample.population_ids == sorted(c.pk for c in complaints)
    assert len(sample.sampled_ids) == 2  # 10 % of 12, rounded up
    assert spot_check_redraw(sample) == sample.sampled_ids


def test_doc4_the_archive_holds_each_deliverables_review_record_sheet(
    version,
    consultant,
    discipline_lead,
    project_manager,
    technical_director,
    django_assert_max_num_queries,
) -> None:
    """DOC-4, QC-2, SEC-11: the archive package carries the record sheet of every deliverable's
    current version — levels, findings with answers, and the signature chain — and its
    completeness check names the deliverables whose review has not passed."""
    import json
    import zipfile

    from documents.services import archive
    from quality.integrations import archive_review_records
    from quality.models import Signature
    from tests.quality.test_reviews import _level

    engagement = version.document.engagement
    missing = {r.key: r.detail for r in archive.missing_requirements(engagement)}
    assert missing["review_records"] == version.document.code
    review = review_svc.review_submit(actor=consultant, version=version)
    level = _level(review, 1)
    finding = review_svc.finding_raise(
        actor=discipline_lead,
        level_id=level.pk,
        location="第2章",
        severity="minor",
        description="数据来源未注明",
    )
    review_svc.level_return(actor=discipline_lead, level_id=level.pk)
    review_svc.finding_answer(actor=consultant, finding_id=finding.pk, answer="已补充来源")
    review_svc.finding_recheck(actor=discipline_lead, finding_id=finding.pk, accepted=True)
    sign_all(review, discipline_lead, project_manager, technical_director)
    assert "review_records" not in {r.key for r in archive.missing_requirements(engagement)}

    with django_assert_max_num_queries(6):
        sections = archive_review_records(engagement)
    package = archive.archive_package_request(actor=project_manager, engagement=engagement)
    package = archive.archive_package_build(package=package)
    name = f"reviews/{version.document.code}_v{version.number}.json"
    assert name in {path for path, _data in sections}
    with package.file.open("rb") as handle, zipfile.ZipFile(handle) as zf:
        sheet = json.loads(zf.read(name))
    assert name in {e["path"] for e in package.manifest}
    assert sheet["status"] == "passed" and sheet["sha256"] == version.sha256
    first = sheet["levels"][0]
    assert first["findings"][0]["description"] == "数据来源未注明"
    assert first["findings"][0]["answer"] == "已补充来源"
    chain = [lv["signature"]["record_hash"] for lv in sheet["levels"]]
    assert chain == list(
        Signature.objects.filter(version=version)
        .order_by("position")
        .values_list("record_hash", flat=True)
    )
    assert sheet["levels"][1]["signature"]["previous_hash"] == chain[0]
