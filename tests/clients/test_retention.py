"""The retention schedule (SEC-27): per data category, admin-editable with defaults, enforced
by one nightly purge (a single beat entry) that pseudonymises or deletes what is past its
period, keeps the quality facts, writes history, and does nothing more when run again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from clients.choices import ComplaintStatus, SupportStatus, SurveyStatus
from clients.models import (
    CommunicationRecord,
    Complaint,
    ComplaintReply,
    RetentionRun,
    RetentionSettings,
    SupportRequest,
    Survey,
    retention_settings,
)
from clients.services import complaints as complaint_svc
from clients.services import support as support_svc
from clients.services.communications import communication_log
from clients.services.retention import REMOVED, retention_purge
from clients.tasks import retention_purge as retention_task
from documents.models import DownloadLog
from tests.quality.factories import deliverable, new_version

pytestmark = pytest.mark.django_db
YEAR = timedelta(days=365)


def test_defaults_are_seeded_and_editable():
    """SEC-27: one row with the defaults; an admin edits it in Django admin."""
    rules = retention_settings()
    assert rules.pk == 1 and RetentionSettings.objects.filter(pk=1).exists()
    assert rules.closed_complaints_days == 1825 and rules.download_logs_days == 365
    from django.contrib import admin

    assert RetentionSettings in admin.site._registry


def test_one_beat_entry_runs_the_purge():
    entries = [
        e
        for e in django_settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "clients.tasks.retention_purge"
    ]
    assert len(entries) == 1


@pytest.fixture
def old_records(client_user, qa_manager, engagement_a, consultant, settings, tmp_path):
    """A closed complaint, a resolved request, an answered survey's comment, a communication
    and a download: all six years old; and a fresh closed complaint."""
    settings.MEDIA_ROOT = tmp_path / "media"
    long_ago = timezone.now() - 6 * YEAR
    old = complaint_svc.complaint_submit(
        actor=client_user, nature="service", subject="旧投诉", description="联系人手机13812345678"
    )
    fresh = complaint_svc.complaint_submit(
        actor=client_user, nature="service", subject="新投诉", description="近期问题"
    )
    for complaint in (old, fresh):
        complaint_svc.complaint_feedback(actor=qa_manager, complaint_id=complaint.pk, body="已处理")
        complaint_svc.complaint_confirm(actor=client_user, complaint_id=complaint.pk)
    Complaint.objects.filter(pk=old.pk).update(closed_at=long_ago)
    request = support_svc.support_request_raise(
        actor=client_user, kind="support", subject="旧请求", description="我的邮箱 a@b.cn"
    )
    support_svc.support_request_resolve(actor=qa_manager, request_id=request.pk, resolution="好")
    SupportRequest.objects.filter(pk=request.pk).update(resolved_at=long_ago)
    record = communication_log(
        actor=consultant,
        engagement_id=engagement_a.pk,
        channel="phone",
        direction="inbound",
        subject="电话",
        summary="王经理说……",
        contact_name="王经理",
        occurred_at=long_ago,
    )
    from clients.models import SurveyTemplate

    survey = Survey.objects.create(
        template=SurveyTemplate.objects.get(code="acceptance"),
        engagement=engagement_a,
        client=engagement_a.client,
        recipient=client_user,
        occasion="acceptance",
        period="2020",
        status=SurveyStatus.ANSWERED,
        token_nonce="abc",
        expires_at=long_ago,
        answered_at=long_ago,
        comment="张三觉得不满意",
    )
    version = new_version(
        deliverable(engagement=engagement_a, author=consultant), author=consultant
    )
    download = DownloadLog.objects.create(version=version, user=client_user, channel="web")
    DownloadLog.objects.filter(pk=download.pk).update(at=long_ago)
    return {"old": old, "fresh": fresh, "request": request, "record": record, "survey": survey}


def test_the_purge_removes_personal_content_and_keeps_the_facts(old_records):
    """SEC-27: past retention → description, replies, contact and summary removed; the
    reference, dates, classification and scores stay; the history shows the purge; the
    download log row is gone; an expired link's token is cleared; fresh records untouched."""
    run = retention_purge()
    assert run.counts == {
        "closed_complaints": 1,
        "resolved_support": 1,
        "survey_comments": 1,
        "communications": 1,
        "download_logs": 1,
        "expired_tokens": 1,
    }
    old = Complaint.objects.get(pk=old_records["old"].pk)
    assert old.description == REMOVED and old.contact_name == "" and old.purged_at
    assert old.status == ComplaintStatus.CLOSED and old.reference == old_records["old"].reference
    assert set(ComplaintReply.objects.filter(complaint=old).values_list("body", flat=True)) == {
        REMOVED
    }
    assert not old.history.filter(description__contains="13812345678").exists()
    assert old.history.first().purged_at is not None  # the purge is in the history
    fresh = Complaint.objects.get(pk=old_records["fresh"].pk)
    assert fresh.description == "近期问题" and fresh.purged_at is None
    request = SupportRequest.objects.get(pk=old_records["request"].pk)
    assert request.description == REMOVED and request.status == SupportStatus.RESOLVED
    record = CommunicationRecord.objects.get(pk=old_records["record"].pk)
    assert record.summary == REMOVED and record.contact_name == "" and record.subject == "电话"
    survey = Survey.objects.get(pk=old_records["survey"].pk)
    assert survey.comment == "" and survey.token_nonce == "" and survey.status == "answered"
    assert not DownloadLog.objects.exists()


def test_the_purge_is_idempotent(old_records):
    """SEC-27: the second run finds nothing and changes nothing."""
    retention_purge()
    history_rows = Complaint.history.count()
    retention_task.apply()
    second = RetentionRun.objects.order_by("-id").first()
    assert set(second.counts.values()) == {0}
    assert Complaint.history.count() == history_rows


def test_a_longer_period_keeps_the_records(old_records):
    """SEC-27: the admin's numbers decide."""
    RetentionSettings.objects.filter(pk=1).update(
        closed_complaints_days=10 * 365, communications_days=10 * 365
    )
    run = retention_purge()
    assert run.counts["closed_complaints"] == 0 and run.counts["communications"] == 0
    assert Complaint.objects.get(pk=old_records["old"].pk).purged_at is None
