"""The retention schedule (SEC-27): one periodic purge pseudonymises or deletes what is past
its category's retention period (*Admin → Retention schedule*). Quality facts stay —
references, dates, classification, scores — only the personal content goes. Each category's
rows are marked (``purged_at``) so a second run finds nothing to do; audited rows are saved
through their history and their older history rows scrubbed the same way; every run is
recorded with its counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from clients.choices import ComplaintStatus, SupportStatus, SurveyStatus
from clients.models import (
    CommunicationRecord,
    Complaint,
    ComplaintAttachment,
    ComplaintReply,
    RetentionRun,
    SupportReply,
    SupportRequest,
    Survey,
    retention_settings,
)

REMOVED = "—"
BATCH = 500


def _complaints(cutoff: datetime, now: datetime) -> int:
    ids = list(
        Complaint.objects.filter(
            status=ComplaintStatus.CLOSED, closed_at__lt=cutoff, purged_at__isnull=True
        ).values_list("id", flat=True)[:BATCH]
    )
    for attachment in ComplaintAttachment.objects.filter(complaint_id__in=ids):
        attachment.file.delete(save=False)
        attachment.delete()
    ComplaintReply.objects.filter(complaint_id__in=ids).update(body=REMOVED)
    for complaint in Complaint.objects.filter(id__in=ids):
        complaint.description = REMOVED
        complaint.contact_name = ""
        complaint.purged_at = now
        complaint.save(update_fields=["description", "contact_name", "purged_at", "updated_at"])
    Complaint.history.filter(id__in=ids).exclude(purged_at__isnull=False).update(
        description=REMOVED, contact_name=""
    )
    return len(ids)


def _support(cutoff: datetime, now: datetime) -> int:
    ids = list(
        SupportRequest.objects.filter(
            status=SupportStatus.RESOLVED, resolved_at__lt=cutoff, purged_at__isnull=True
        ).values_list("id", flat=True)[:BATCH]
    )
    SupportReply.objects.filter(request_id__in=ids).update(body=REMOVED)
    for request in SupportRequest.objects.filter(id__in=ids):
        request.description = REMOVED
        request.resolution = REMOVED
        request.contact_name = ""
        request.purged_at = now
        request.save(
            update_fields=["description", "resolution", "contact_name", "purged_at", "updated_at"]
        )
    SupportRequest.history.filter(id__in=ids).exclude(purged_at__isnull=False).update(
        description=REMOVED, resolution=REMOVED, contact_name=""
    )
    return len(ids)


def _survey_comments(cutoff: datetime, now: datetime) -> int:
    # Surveys keep no history; their scores stay for CSAT, the free-text comment goes.
    return Survey.objects.filter(
        answered_at__lt=cutoff, purged_at__isnull=True, status=SurveyStatus.ANSWERED
    ).update(comment="", purged_at=now)


def _communications(cutoff: datetime, now: datetime) -> int:
    ids = list(
        CommunicationRecord.objects.filter(
            occurred_at__lt=cutoff, purged_at__isnull=True
        ).values_list("id", flat=True)[:BATCH]
    )
    for record in CommunicationRecord.objects.filter(id__in=ids):
        record.summary = REMOVED
        record.contact_name = ""
        record.purged_at = now
        record.save(update_fields=["summary", "contact_name", "purged_at"])
    CommunicationRecord.history.filter(id__in=ids).exclude(purged_at__isnull=False).update(
        summary=REMOVED, contact_name=""
    )
    return len(ids)


def _expired_tokens(cutoff: datetime) -> int:
    """Survey links past use whose token a lost sweep left behind; API tokens of accounts
    that are no longer active."""
    from rest_framework.authtoken.models import Token

    links = (
        Survey.objects.filter(expires_at__lt=cutoff).exclude(token_nonce="").update(token_nonce="")
    )
    tokens, _by_model = Token.objects.filter(user__is_active=False).delete()
    return links + tokens


def _drain(purge: Callable[[datetime, datetime], int], cutoff: datetime, now: datetime) -> int:
    total = 0
    while True:
        with transaction.atomic():
            done = purge(cutoff, now)
        total += done
        if done < BATCH:
            return total


def retention_purge(*, now: datetime | None = None) -> RetentionRun:
    """Run every category once; safe to repeat (a second run purges nothing new)."""
    from documents.services.documents import download_logs_purge

    now = now or timezone.now()
    rules = retention_settings()

    def before(days: int) -> datetime:
        return now - timedelta(days=days)

    counts = {
        "closed_complaints": _drain(_complaints, before(rules.closed_complaints_days), now),
        "resolved_support": _drain(_support, before(rules.resolved_support_days), now),
        "survey_comments": _survey_comments(before(rules.survey_comments_days), now),
        "communications": _drain(_communications, before(rules.communications_days), now),
        "download_logs": download_logs_purge(before=before(rules.download_logs_days)),
        "expired_tokens": _expired_tokens(before(rules.expired_tokens_days)),
    }
    return RetentionRun.objects.create(counts=counts)
