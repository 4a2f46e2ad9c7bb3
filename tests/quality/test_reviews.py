"""Three-level review of deliverable versions: QC-1…QC-5, X-2, SEC-11…SEC-14, ENG-10."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from engagements.choices import Stage
from engagements.services.lifecycle import GUARDS
from quality.choices import FindingStatus, LevelStatus, ReviewStatus, SignatureMeaning
from quality.models import (
    DefectReport,
    Finding,
    LevelReview,
    Responsibility,
    ReviewLevel,
    Signature,
    VersionReview,
)
from quality.selectors.reviews import (
    deliverables_blocking_release,
    inbox,
    responsibility_counts,
    version_has_passed_review,
)
from quality.services import reviews as svc
from quality.services.signatures import signatures_verify
from tests.factories import TEST_PASSWORD
from tests.quality.factories import new_version

pytestmark = pytest.mark.django_db


def _level(review: VersionReview, position: int) -> LevelReview:
    return review.levels.get(position=position)


def sign_all(review, *signers):
    for position, signer in enumerate(signers, start=1):
        svc.review_sign(actor=signer, level_id=_level(review, position).pk, password=TEST_PASSWORD)
    review.refresh_from_db()
    return review


def test_qc_1_levels_are_seeded_check_review_approval_and_panel():  # QC-1, QC-5
    rows = list(ReviewLevel.objects.values_list("code", "name_zh", "required_role", "meaning"))
    assert rows == [
        ("check", "校核", "discipline_lead", "checked"),
        ("review", "审核", "project_manager", "reviewed"),
        ("approval", "审定", "technical_director", "approved"),
        ("expert_panel", "专家评审", "qa_manager", "panel_endorsed"),
    ]


def test_qc_1_three_levels_in_order_then_passed(
    version, consultant, discipline_lead, project_manager, technical_director
):
    """QC-1: check by the discipline lead, review by the PM, approval by the director."""
    review = svc.review_submit(actor=consultant, version=version)
    assert [lv.position for lv in review.levels.all()] == [1, 2, 3]  # not major: no panel
    with pytest.raises(ConflictError, match="order"):
        svc.review_sign(
            actor=project_manager, level_id=_level(review, 2).pk, password=TEST_PASSWORD
        )
    with pytest.raises(ConflictError, match="order"):
        svc.review_sign(
            actor=technical_director, level_id=_level(review, 3).pk, password=TEST_PASSWORD
        )
    review = sign_all(review, discipline_lead, project_manager, technical_director)
    assert review.status == ReviewStatus.PASSED
    assert version_has_passed_review(version)
    meanings = list(Signature.objects.filter(version=version).values_list("meaning", flat=True))
    assert meanings == [
        SignatureMeaning.CHECKED,
        SignatureMeaning.REVIEWED,
        SignatureMeaning.APPROVED,
    ]


def test_qc_1_a_level_needs_its_role(version, consultant, qa_manager):  # QC-1
    review = svc.review_submit(actor=consultant, version=version)
    with pytest.raises(ForbiddenError, match="role"):
        svc.review_sign(actor=qa_manager, level_id=_level(review, 1).pk, password=TEST_PASSWORD)


def test_qc_1_a_discipline_lead_off_the_team_cannot_check(version, consultant):  # QC-1, SEC-2
    from staff.choices import Role
    from tests.factories import UserFactory

    stranger = UserFactory(username="stranger_lead", roles=[Role.DISCIPLINE_LEAD.value])
    review = svc.review_submit(actor=consultant, version=version)
    with pytest.raises(ForbiddenError, match="see the engagement"):
        svc.review_sign(actor=stranger, level_id=_level(review, 1).pk, password=TEST_PASSWORD)


def test_qc_2_finding_returned_answered_rechecked_by_the_same_reviewer_then_signed(
    team, version, consultant, discipline_lead, second_lead
):
    """QC-2: findings go back to the author, the author answers, the same reviewer re-checks;
    only then may that reviewer sign."""
    review = svc.review_submit(actor=consultant, version=version)
    level = _level(review, 1)
    finding = svc.finding_raise(
        actor=discipline_lead,
        level_id=level.pk,
        location="第3章 3.2节",
        severity="major",
        description="投资估算口径与附表不一致",
    )
    with pytest.raises(ConflictError, match="Every finding"):
        svc.review_sign(actor=discipline_lead, level_id=level.pk, password=TEST_PASSWORD)
    svc.level_return(actor=discipline_lead, level_id=level.pk)
    with pytest.raises(ForbiddenError):
        svc.finding_answer(actor=discipline_lead, finding_id=finding.pk, answer="x")
    svc.finding_answer(actor=consultant, finding_id=finding.pk, answer="已按附表统一口径修订")
    level.refresh_from_db()
    assert level.status == LevelStatus.RECHECK
    # Another discipline lead on the team cannot take over the re-check.
    team.members.add(second_lead)
    with pytest.raises(ForbiddenError, match="same reviewer"):
        svc.finding_recheck(actor=second_lead, finding_id=finding.pk, accepted=True)
    with pytest.raises(ApplicationError):
        svc.finding_recheck(actor=discipline_lead, finding_id=finding.pk, accepted=False)
    svc.finding_recheck(
        actor=discipline_lead, finding_id=finding.pk, accepted=False, note="附表2仍未改"
    )
    level.refresh_from_db()
    assert level.status == LevelStatus.OPEN
    svc.level_return(actor=discipline_lead, level_id=level.pk)
    svc.finding_answer(actor=consultant, finding_id=finding.pk, answer="附表2已修订")
    svc.finding_recheck(actor=discipline_lead, finding_id=finding.pk, accepted=True)
    signature = svc.review_sign(actor=discipline_lead, level_id=level.pk, password=TEST_PASSWORD)
    level.refresh_from_db()
    assert level.status == LevelStatus.SIGNED and level.rounds == 2
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.CLOSED
    assert signature.signer == discipline_lead
    # A signed level's record sheet is frozen.
    with pytest.raises(ConflictError):
        svc.finding_raise(
            actor=discipline_lead,
            level_id=level.pk,
            location="x",
            severity="minor",
            description="y",
        )


def test_qc_3_nobody_reviews_their_own_work(team, consultant, discipline_lead, project_manager):
    """QC-3: the author of the version cannot take any level (service and DB)."""
    from tests.quality.factories import deliverable

    doc = deliverable(engagement=team, author=discipline_lead)
    own = new_version(doc, author=discipline_lead)
    review = svc.review_submit(actor=discipline_lead, version=own)
    with pytest.raises(ForbiddenError, match="own work"):
        svc.review_sign(
            actor=discipline_lead, level_id=_level(review, 1).pk, password=TEST_PASSWORD
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        LevelReview.objects.filter(pk=_level(review, 1).pk).update(reviewer=discipline_lead)


def test_qc_3_one_person_signs_at_most_one_level(team, version, consultant, lead_and_manager):
    """QC-3: someone holding both the lead and the PM role may sign only one level."""
    team.members.add(lead_and_manager)
    review = svc.review_submit(actor=consultant, version=version)
    svc.review_sign(actor=lead_and_manager, level_id=_level(review, 1).pk, password=TEST_PASSWORD)
    with pytest.raises(ForbiddenError, match="at most one level"):
        svc.review_sign(
            actor=lead_and_manager, level_id=_level(review, 2).pk, password=TEST_PASSWORD
        )
    # The constraints back the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        LevelReview.objects.filter(pk=_level(review, 2).pk).update(reviewer=lead_and_manager)


def test_sec_14_constraints_back_order_and_uniqueness(
    version, consultant, discipline_lead, project_manager
):
    """SEC-14: a second signature for the same level, or a level-2 signature without a
    level-1 one, is refused by the database itself."""
    review = svc.review_submit(actor=consultant, version=version)
    first = svc.review_sign(
        actor=discipline_lead, level_id=_level(review, 1).pk, password=TEST_PASSWORD
    )
    base = {
        "version": version,
        "author": consultant,
        "printed_name": "x",
        "meaning": "reviewed",
        "signed_at": timezone.now(),
        "file_sha256": "0" * 64,
        "content_hash": "0" * 64,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(
            level_review=_level(review, 2),
            level=first.level,
            position=1,
            signer=project_manager,
            record_hash="1" * 64,
            **base,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(
            level_review=_level(review, 2),
            level=first.level,
            position=2,
            signer=project_manager,
            previous=None,
            record_hash="2" * 64,
            **base,
        )


def test_x_2_sec_12_signing_needs_the_password(version, consultant, discipline_lead):
    """X-2, SEC-12: a wrong password records nothing."""
    review = svc.review_submit(actor=consultant, version=version)
    with pytest.raises(ApplicationError, match="password"):
        svc.review_sign(actor=discipline_lead, level_id=_level(review, 1).pk, password="wrong")
    assert not Signature.objects.exists()


def test_sec_12_a_wrong_signing_password_counts_toward_lockout(
    version, consultant, discipline_lead, rf
):
    """SEC-12: with a request, the failure is recorded by django-axes like a failed login."""
    from axes.models import AccessAttempt

    review = svc.review_sign  # noqa: F841 - readability
    review = svc.review_submit(actor=consultant, version=version)
    request = rf.post("/quality/", REMOTE_ADDR="10.0.0.9")
    request.user = discipline_lead
    with pytest.raises(ApplicationError):
        svc.review_sign(
            actor=discipline_lead, level_id=_level(review, 1).pk, password="bad", request=request
        )
    attempt = AccessAttempt.objects.get(username=discipline_lead.username)
    assert attempt.failures_since_start == 1


def test_sec_11_signature_records_name_utc_time_meaning_and_hashes(
    version, consultant, discipline_lead, project_manager
):
    """SEC-11, SEC-13: printed name, UTC time, meaning; content hash chained to the previous."""
    review = svc.review_submit(actor=consultant, version=version)
    s1 = svc.review_sign(
        actor=discipline_lead, level_id=_level(review, 1).pk, password=TEST_PASSWORD
    )
    s2 = svc.review_sign(
        actor=project_manager, level_id=_level(review, 2).pk, password=TEST_PASSWORD
    )
    assert s1.printed_name == str(discipline_lead)
    assert s1.signed_at.utcoffset() == timedelta(0) or s1.signed_at.tzinfo == UTC
    assert s1.meaning == "checked" and s2.meaning == "reviewed"
    assert s1.file_sha256 == version.sha256
    assert s1.previous is None and s1.previous_hash == ""
    assert s2.previous == s1 and s2.previous_hash == s1.record_hash
    assert len(s2.content_hash) == 64 and s2.record_hash != s1.record_hash
    assert signatures_verify() == []


def test_sec_13_verify_signatures_names_a_tampered_finding(
    version, consultant, discipline_lead, project_manager, capsys
):
    """SEC-13: change a signed row behind the ORM's back → verify_signatures fails naming it."""
    review = svc.review_submit(actor=consultant, version=version)
    level = _level(review, 1)
    finding = svc.finding_raise(
        actor=discipline_lead,
        level_id=level.pk,
        location="p.3",
        severity="minor",
        description="错字",
    )
    svc.level_return(actor=discipline_lead, level_id=level.pk)
    svc.finding_answer(actor=consultant, finding_id=finding.pk, answer="已改")
    svc.finding_recheck(actor=discipline_lead, finding_id=finding.pk, accepted=True)
    s1 = svc.review_sign(actor=discipline_lead, level_id=level.pk, password=TEST_PASSWORD)
    svc.review_sign(actor=project_manager, level_id=_level(review, 2).pk, password=TEST_PASSWORD)
    call_command("verify_signatures")
    Finding.objects.filter(pk=finding.pk).update(description="没有问题")
    with pytest.raises(CommandError):
        call_command("verify_signatures")
    err = capsys.readouterr().err
    assert f"signature #{s1.pk}" in err and "findings" in err


def test_sec_13_verify_signatures_names_a_tampered_signature_and_file(
    version, consultant, discipline_lead, project_manager, capsys
):  # SEC-13, X-2
    review = svc.review_submit(actor=consultant, version=version)
    s1 = svc.review_sign(
        actor=discipline_lead, level_id=_level(review, 1).pk, password=TEST_PASSWORD
    )
    s2 = svc.review_sign(
        actor=project_manager, level_id=_level(review, 2).pk, password=TEST_PASSWORD
    )
    Signature.objects.filter(pk=s1.pk).update(printed_name="别人")
    with pytest.raises(CommandError):
        call_command("verify_signatures")
    err = capsys.readouterr().err
    assert f"signature #{s1.pk}" in err
    Signature.objects.filter(pk=s1.pk).update(printed_name=s1.printed_name)
    call_command("verify_signatures")
    with open(version.file.path, "wb") as handle:  # noqa: PTH123 - the stored file itself
        handle.write(b"changed after signing")
    with pytest.raises(CommandError):
        call_command("verify_signatures")
    err = capsys.readouterr().err
    assert f"signature #{s1.pk}" in err and f"signature #{s2.pk}" in err and "file" in err


def test_x_2_signatures_are_immutable(version, consultant, discipline_lead):  # X-2, SEC-13
    review = svc.review_submit(actor=consultant, version=version)
    sig = svc.review_sign(
        actor=discipline_lead, level_id=_level(review, 1).pk, password=TEST_PASSWORD
    )
    with pytest.raises(ValueError, match="immutable"):
        sig.save()
    with pytest.raises(ValueError):
        sig.delete()


def test_x_2_a_new_version_restarts_review(
    document, version, consultant, discipline_lead, project_manager, technical_director
):
    """X-2: a signed version cannot change; a new version needs its own review and blocks
    release until it passes (ENG-10)."""
    review = sign_all(
        svc.review_submit(actor=consultant, version=version),
        discipline_lead,
        project_manager,
        technical_director,
    )
    assert review.status == ReviewStatus.PASSED
    assert deliverables_blocking_release(document.engagement) == []
    v2 = new_version(document, author=consultant, content=b"%PDF-1.4 v2")
    assert deliverables_blocking_release(document.engagement) == [document]
    with pytest.raises(ConflictError):
        svc.review_submit(actor=consultant, version=version)
    review2 = svc.review_submit(actor=consultant, version=v2)
    assert review2.current_position == 1 and not Signature.objects.filter(version=v2).exists()


def test_qc_5_major_engagement_adds_the_expert_panel_whose_opinion_prevails(
    team, version, consultant, discipline_lead, project_manager, technical_director, qa_manager
):
    """QC-5: a major engagement adds the panel after level 3; its rejection prevails over the
    three signed levels."""
    team.is_major = True
    team.save(update_fields=["is_major"])
    review = svc.review_submit(actor=consultant, version=version)
    assert [lv.level.code for lv in review.levels.all()] == [
        "check",
        "review",
        "approval",
        "expert_panel",
    ]
    review = sign_all(review, discipline_lead, project_manager, technical_director)
    assert review.status == ReviewStatus.IN_REVIEW and review.current_position == 4
    assert not version_has_passed_review(version)
    with pytest.raises(ConflictError):  # level 3 cannot reject: only the panel prevails
        svc.review_reject(
            actor=technical_director,
            level_id=_level(review, 3).pk,
            reason="x",
            password=TEST_PASSWORD,
        )
    svc.review_reject(
        actor=qa_manager,
        level_id=_level(review, 4).pk,
        reason="方案技术路线不成立",
        password=TEST_PASSWORD,
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.REJECTED
    assert not version_has_passed_review(version)
    assert deliverables_blocking_release(team) == [version.document]


def test_qc_5_panel_signature_passes_a_major_deliverable(
    team, version, consultant, discipline_lead, project_manager, technical_director, qa_manager
):  # QC-5
    team.is_major = True
    team.save(update_fields=["is_major"])
    review = svc.review_submit(actor=consultant, version=version)
    review = sign_all(review, discipline_lead, project_manager, technical_director, qa_manager)
    assert review.status == ReviewStatus.PASSED


def test_qc_4_defect_traces_to_every_signer(
    version, consultant, discipline_lead, project_manager, technical_director, qa_manager
):
    """QC-4: a defect found later is recorded against the signer of every level that passed
    it, and counts in their appraisal."""
    sign_all(
        svc.review_submit(actor=consultant, version=version),
        discipline_lead,
        project_manager,
        technical_director,
    )
    defect = svc.defect_report(
        actor=qa_manager, version=version, source="client", description="结论数据引用错误"
    )
    rows = Responsibility.objects.filter(defect=defect).order_by("level__position")
    assert [r.signer for r in rows] == [discipline_lead, project_manager, technical_director]
    now = timezone.now()
    counts = responsibility_counts(
        discipline_lead, now - timedelta(days=1), now + timedelta(days=1)
    )
    assert counts == {"check": 1, "total": 1}
    assert responsibility_counts(consultant, now - timedelta(days=1), now)["total"] == 0
    assert (
        responsibility_counts(discipline_lead, now + timedelta(days=1), now + timedelta(days=2))[
            "total"
        ]
        == 0
    )


def test_qc_4_only_the_qa_manager_a_pm_or_an_admin_records_a_defect(
    version, consultant, discipline_lead, project_manager, technical_director
):
    """QC-4, SEC-1: a defect report holds the signers to account, so the service refuses
    the roles the review page refuses (the API used to let any staff member record one)."""
    sign_all(
        svc.review_submit(actor=consultant, version=version),
        discipline_lead,
        project_manager,
        technical_director,
    )
    for actor in (consultant, discipline_lead, technical_director):
        with pytest.raises(ForbiddenError, match="records defects"):
            svc.defect_report(actor=actor, version=version, source="client", description="错")
    assert not DefectReport.objects.exists()


def test_eng_10_release_guard_names_the_blocking_deliverables(
    team, document, version, consultant, discipline_lead, project_manager, technical_director
):
    """ENG-10: the engagement cannot go into delivery (or acceptance) while a deliverable's
    current version has not passed every level; the refusal names the document."""
    guard = svc._deliverables_reviewed
    assert guard in GUARDS[Stage.DELIVERY] and guard in GUARDS[Stage.ACCEPTANCE]
    message = guard(team)
    assert message and document.code in message
    review = svc.review_submit(actor=consultant, version=version)
    sign_all(review, discipline_lead, project_manager)
    assert document.code in (guard(team) or "")
    svc.review_sign(actor=technical_director, level_id=_level(review, 3).pk, password=TEST_PASSWORD)
    assert guard(team) is None
    assert deliverables_blocking_release(team) == []


def test_eng_10_release_refused_through_the_state_machine(team, document, project_manager):
    """ENG-10: the transition itself answers 409 naming the document."""
    from engagements.services.lifecycle import engagement_transition

    team.stage = Stage.EXECUTION
    team.save(update_fields=["stage"])
    with pytest.raises(ConflictError) as exc:
        engagement_transition(actor=project_manager, engagement=team, to_stage=Stage.DELIVERY)
    assert document.code in exc.value.message


def test_submit_needs_a_deliverable_current_version(document, version, consultant, outsider):
    old = version
    new_version(document, author=consultant, content=b"v2")
    with pytest.raises(ConflictError, match="current version"):
        svc.review_submit(actor=consultant, version=old)
    document.refresh_from_db()
    with pytest.raises(ForbiddenError):
        svc.review_submit(actor=outsider, version=document.current_version)


def test_inbox_shows_each_reviewer_what_waits(
    version, consultant, discipline_lead, project_manager, qa_manager, technical_director
):
    """QC-2: the review inbox; the QA manager sees everything in review; authors and the PM
    see deliverables not yet submitted."""
    assert inbox(consultant)["to_submit"] == [version.document]
    assert inbox(project_manager)["to_submit"] == [version.document]
    assert inbox(discipline_lead)["to_submit"] == []
    review = svc.review_submit(actor=consultant, version=version)
    assert inbox(consultant)["to_submit"] == []
    assert [lv.pk for lv in inbox(discipline_lead)["to_review"]] == [_level(review, 1).pk]
    assert inbox(project_manager)["to_review"] == []
    assert inbox(consultant)["to_review"] == []
    assert [lv.pk for lv in inbox(qa_manager)["all"]] == [_level(review, 1).pk]
    finding = svc.finding_raise(
        actor=discipline_lead,
        level_id=_level(review, 1).pk,
        location="p1",
        severity="minor",
        description="d",
    )
    svc.level_return(actor=discipline_lead, level_id=finding.level_review_id)
    assert [lv.pk for lv in inbox(consultant)["to_answer"]] == [_level(review, 1).pk]
    assert inbox(discipline_lead)["to_review"] == []
    svc.finding_answer(actor=consultant, finding_id=finding.pk, answer="ok")
    svc.finding_recheck(actor=discipline_lead, finding_id=finding.pk, accepted=True)
    svc.review_sign(actor=discipline_lead, level_id=_level(review, 1).pk, password=TEST_PASSWORD)
    assert [lv.pk for lv in inbox(project_manager)["to_review"]] == [_level(review, 2).pk]
    assert inbox(technical_director)["to_review"] == []


def test_seed_defaults_is_idempotent():  # QC-1
    from django.apps import apps

    apps.get_app_config("quality").seed_defaults()
    apps.get_app_config("quality").seed_defaults()
    assert ReviewLevel.objects.count() == 4
