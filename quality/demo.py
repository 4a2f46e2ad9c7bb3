"""Demo reviews for `make run`: on ENG-2026-001 a report in review (the discipline lead's
finding answered by the author, waiting for the re-check); on ENG-2026-002 a report signed at
all three levels. Idempotent: keyed on the document codes."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from documents.models import Document, DocumentVersion
from engagements.models import Engagement
from quality.defaults import seed_review_levels
from quality.models import VersionReview
from quality.services import reviews as svc


def _deliverable(
    engagement: Engagement, code: str, title: str, author: Any, content: bytes
) -> DocumentVersion:
    document, _created = Document.objects.get_or_create(
        code=code,
        defaults={
            "engagement": engagement,
            "title": title,
            "is_deliverable": True,
            "created_by": author,
        },
    )
    if document.current_version_id:
        return document.current_version  # type: ignore[return-value]
    version = DocumentVersion(
        document=document,
        number=1,
        original_name=f"{code}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        change_note="初稿",
        author=author,
    )
    version.file.save(f"{code}.pdf", ContentFile(content), save=False)
    version.save()
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    return version


@transaction.atomic
def seed_review_demo(users: dict[str, Any]) -> None:
    seed_review_levels()  # missing standard levels only; an admin's edits stay
    first = Engagement.objects.filter(code="ENG-2026-001").first()
    second = Engagement.objects.filter(code="ENG-2026-002").first()
    consultant, lead, pm, director = (users[k] for k in ("consultant", "lead", "pm", "director"))
    if first is not None:
        version = _deliverable(
            first,
            "ENG-2026-001-D01",
            "数字化转型战略咨询报告",
            consultant,
            "%PDF-1.4\n% 数字化转型战略咨询报告 初稿\n".encode(),
        )
        if not VersionReview.objects.filter(version=version).exists():
            review = svc.review_submit(actor=consultant, version=version)
            level = review.levels.get(position=1)
            finding = svc.finding_raise(
                actor=lead,
                level_id=level.pk,
                location="第3章 3.2 投资估算",
                severity="major",
                description="投资估算口径与附表2不一致，请统一并注明数据来源。",
            )
            svc.level_return(actor=lead, level_id=level.pk)
            svc.finding_answer(
                actor=consultant,
                finding_id=finding.pk,
                answer="已按附表2统一估算口径，并在脚注中注明数据来源。",
            )
    if second is not None:
        version = _deliverable(
            second,
            "ENG-2026-002-D01",
            "精益生产体系诊断报告",
            consultant,
            "%PDF-1.4\n% 精益生产体系诊断报告 定稿\n".encode(),
        )
        if not VersionReview.objects.filter(version=version).exists():
            review = svc.review_submit(actor=consultant, version=version)
            # Demo signatures skip the password re-entry (the seed knows no one's password).
            for position, signer in ((1, lead), (2, pm), (3, director)):
                svc._sign(actor=signer, level_id=review.levels.get(position=position).pk)
