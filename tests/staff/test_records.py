"""Staff records, certificates, expiry alerts and the assignment check (STF-1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.models import Notification
from engagements.services import plan as plan_svc
from staff.models import (
    Certificate,
    QualificationType,
    ServiceRequirement,
    StaffProfile,
    StaffSettings,
)
from staff.services import records as svc

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


def _cert(user, *, code="pmp", expires_in=30, issued_ago=400):
    today = timezone.localdate()
    return Certificate.objects.create(
        user=user,
        qualification=QualificationType.objects.get(code=code),
        number=f"N-{code}-{user.pk}",
        issued_on=today - timedelta(days=issued_ago),
        expires_on=today + timedelta(days=expires_in) if expires_in is not None else None,
    )


def test_a_record_keeps_every_change_in_its_history(qa_manager, consultant) -> None:
    # STF-1: position, department, education, experience updated over time with history
    svc.profile_save(
        actor=qa_manager, user_id=consultant.pk, position="咨询顾问", department="管理咨询部"
    )
    svc.profile_save(
        actor=qa_manager,
        user_id=consultant.pk,
        position="高级咨询顾问",
        department="管理咨询部",
        education="硕士",
        experience="五年",
    )
    profile = StaffProfile.objects.get(user=consultant)
    assert profile.position == "高级咨询顾问"
    positions = list(profile.history.order_by("history_date").values_list("position", flat=True))
    assert positions == ["咨询顾问", "高级咨询顾问"]


def test_only_keepers_edit_records(consultant, project_manager) -> None:
    # STF-1
    with pytest.raises(ForbiddenError):
        svc.profile_save(actor=project_manager, user_id=consultant.pk, position="x")


def test_a_certificate_with_a_scan_is_stored_and_a_disguised_file_refused(
    qa_manager, consultant
) -> None:
    # STF-1, SEC-17
    qualification = QualificationType.objects.get(code="pmp")
    today = timezone.localdate()
    certificate = svc.certificate_add(
        actor=qa_manager,
        user_id=consultant.pk,
        qualification_id=qualification.pk,
        issued_on=today - timedelta(days=10),
        expires_on=today + timedelta(days=1000),
        number="PMP-1",
        attachment=SimpleUploadedFile("证书.pdf", PDF, content_type="application/pdf"),
    )
    assert certificate.attachment and certificate.attachment_name == "证书.pdf"
    with pytest.raises(ApplicationError) as refused:
        svc.certificate_add(
            actor=qa_manager,
            user_id=consultant.pk,
            qualification_id=qualification.pk,
            issued_on=today,
            attachment=SimpleUploadedFile("x.pdf", b"<html>", content_type="application/pdf"),
        )
    assert "attachment" in refused.value.extra
    with pytest.raises(ApplicationError):
        svc.certificate_add(
            actor=qa_manager,
            user_id=consultant.pk,
            qualification_id=qualification.pk,
            issued_on=today,
            expires_on=today - timedelta(days=1),
        )


def test_the_sweep_alerts_once_per_certificate_and_window(qa_manager, consultant) -> None:
    # STF-1: alert N days (setting, default 60) before expiry; one notification per window
    soon = _cert(consultant, expires_in=30)
    _cert(consultant, code="cpa", expires_in=90)  # outside the 60-day window
    assert StaffSettings.objects.get(pk=1).certificate_alert_days == 60
    svc.certificates_alert_sweep()
    svc.certificates_alert_sweep()
    rows = Notification.objects.filter(kind="certificate_expiring")
    assert sorted(rows.values_list("recipient__username", flat=True)) == [
        "consultant",
        "qa_manager",
    ]
    assert {n.event_key for n in rows} == {f"certificate-expiry:{soon.pk}:{soon.expires_on}"}

    # A renewal that still falls in the window is a new window: one more alert each.
    svc.certificate_renew(
        actor=qa_manager,
        certificate_id=soon.pk,
        issued_on=soon.issued_on,
        expires_on=soon.expires_on + timedelta(days=10),
    )
    svc.certificates_alert_sweep()
    assert Notification.objects.filter(kind="certificate_expiring").count() == 4


def test_the_alert_window_is_an_admin_setting(consultant) -> None:
    # STF-1
    _cert(consultant, expires_in=80)
    assert svc.certificates_alert_sweep() == 0
    StaffSettings.objects.filter(pk=1).update(certificate_alert_days=90)
    assert svc.certificates_alert_sweep() == 1


def test_an_expired_required_qualification_blocks_assignment_with_a_clear_message(
    engagement_a, project_manager, consultant
) -> None:
    # STF-1: the engagements team service calls staff.services.records.check_assignable
    ServiceRequirement.objects.create(
        service_type=engagement_a.service_type,
        qualification=QualificationType.objects.get(code="cpec"),
    )
    certificate = _cert(consultant, code="cpec", expires_in=-1)
    with pytest.raises(ConflictError) as refused:
        plan_svc.team_member_add(
            actor=project_manager,
            engagement_id=engagement_a.pk,
            user_id=consultant.pk,
            role="consultant",
        )
    assert "注册咨询工程师" in refused.value.message or "qualification" in refused.value.message
    assert not engagement_a.team_members.exists()

    certificate.expires_on = timezone.localdate() + timedelta(days=365)
    certificate.save()
    member = plan_svc.team_member_add(
        actor=project_manager,
        engagement_id=engagement_a.pk,
        user_id=consultant.pk,
        role="consultant",
    )
    assert member.user == consultant


def test_the_assignment_message_is_translated(engagement_a, project_manager, consultant) -> None:
    # STF-1
    from django.utils import translation

    ServiceRequirement.objects.create(
        service_type=engagement_a.service_type,
        qualification=QualificationType.objects.get(code="cpec"),
    )
    with translation.override("zh-hans"), pytest.raises(ConflictError) as zh:
        plan_svc.team_member_add(
            actor=project_manager,
            engagement_id=engagement_a.pk,
            user_id=consultant.pk,
            role="consultant",
        )
    with translation.override("en"), pytest.raises(ConflictError) as en:
        plan_svc.team_member_add(
            actor=project_manager,
            engagement_id=engagement_a.pk,
            user_id=consultant.pk,
            role="consultant",
        )
    assert "cannot be assigned" in en.value.message
    assert zh.value.message != en.value.message


def test_the_api_adds_a_certificate_and_the_scan_downloads_only_as_an_attachment(
    client, qa_manager, consultant, discipline_lead
) -> None:
    # STF-1, SEC-5, SEC-17
    client.force_login(qa_manager)
    qualification = QualificationType.objects.get(code="pmp")
    response = client.post(
        f"/api/staff/people/{consultant.pk}/certificates/",
        {
            "qualification": qualification.pk,
            "issued_on": "2025-01-01",
            "expires_on": "2028-01-01",
            "number": "PMP-9",
            "attachment": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 201, response.content
    certificate_id = response.json()["id"]
    assert response.json()["has_attachment"] is True
    download = client.get(f"/staff/certificates/{certificate_id}/file/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    client.force_login(discipline_lead)
    assert client.get(f"/staff/certificates/{certificate_id}/file/").status_code == 404
    client.force_login(consultant)
    bad = client.post(
        f"/api/staff/people/{consultant.pk}/certificates/",
        {"qualification": qualification.pk, "issued_on": "2025-01-01"},
    )
    assert bad.status_code == 403
