"""P4 — three-level sign-off (PERFORMANCE.md).

In the bench database: one deliverable version whose every level raised, answered and
re-checked one finding, and one with N findings per level (N = 50, or 10 in quick mode). Measured:
- the queries of each level's sign-off (password re-entry included) for both versions: the
  count must not grow with the findings (the content hash reads them in one query);
- 50 concurrent identical sign-offs of one level (threads, one connection each): exactly one
  signature, the other 49 refused.
The figures are counts, so the "ratio" is N-findings queries / one-finding queries.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.models import Client
from core.exceptions import ApplicationError
from documents.models import Document, DocumentVersion
from engagements.models import Engagement
from quality.models import Signature
from quality.services import reviews as svc
from staff.choices import Role
from staff.models import User

PASSWORD = "bench-pass-2026"  # noqa: S105 - a throwaway account in the bench database


def _user(username: str, role: str) -> User:
    user, created = User.objects.get_or_create(
        username=f"p4_{username}", defaults={"display_name": username}
    )
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def _version(engagement: Engagement, author: User, tag: str) -> DocumentVersion:
    document = Document.objects.create(
        engagement=engagement,
        code=f"P4-{tag}-{Document.objects.count() + 1:06d}",
        title="P4 报告",
        is_deliverable=True,
        created_by=author,
    )
    content = f"%PDF-1.4 p4 {tag} {document.pk}".encode()
    version = DocumentVersion(
        document=document,
        number=1,
        original_name="p4.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        author=author,
    )
    version.file.save("p4.pdf", ContentFile(content), save=False)
    version.save()
    document.current_version = version
    document.save(update_fields=["current_version"])
    return version


def _sign_levels(
    version: DocumentVersion, author: User, signers: list[User], findings: int
) -> list[int]:
    """Review ``version`` level by level; return the query count of each sign-off."""
    review = svc.review_submit(actor=author, version=version)
    counts = []
    for position, signer in enumerate(signers, start=1):
        level_id = review.levels.get(position=position).pk
        if findings:
            raised = [
                svc.finding_raise(
                    actor=signer,
                    level_id=level_id,
                    location=f"第 {n} 页",
                    severity="minor",
                    description=f"问题 {n}",
                )
                for n in range(findings)
            ]
            svc.level_return(actor=signer, level_id=level_id)
            for finding in raised:
                svc.finding_answer(actor=author, finding_id=finding.pk, answer="已修改")
            for finding in raised:
                svc.finding_recheck(actor=signer, finding_id=finding.pk, accepted=True)
        with CaptureQueriesContext(connection) as queries:
            svc.review_sign(actor=signer, level_id=level_id, password=PASSWORD)
        counts.append(len(queries.captured_queries))
    return counts


def _concurrent(version: DocumentVersion, author: User, lead: User, workers: int = 50) -> dict:
    review = svc.review_submit(actor=author, version=version)
    level_id = review.levels.get(position=1).pk
    barrier = threading.Barrier(workers)
    outcomes: list[str] = []
    lock = threading.Lock()

    def sign() -> None:
        try:
            barrier.wait()
            svc.review_sign(actor=lead, level_id=level_id, password=PASSWORD)
            result = "signed"
        except ApplicationError as exc:
            result = type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - reported as a failure below
            result = f"error: {type(exc).__name__}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=sign) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "signed": outcomes.count("signed"),
        "refused": outcomes.count("ConflictError"),
        "errors": len([o for o in outcomes if o.startswith("error")]),
        "signatures": Signature.objects.filter(version=version).count(),
    }


def run(*, quick: bool = False) -> dict[str, Any]:
    findings = 10 if quick else 50
    pm = _user("pm", Role.PROJECT_MANAGER)
    author = _user("author", Role.CONSULTANT)
    lead = _user("lead", Role.DISCIPLINE_LEAD)
    director = _user("director", Role.TECHNICAL_DIRECTOR)
    client, _ = Client.objects.get_or_create(code="p4-client", defaults={"name": "P4 客户"})
    engagement, _ = Engagement.objects.get_or_create(
        code="P4-BENCH",
        defaults={"title": "P4", "client": client, "project_manager": pm, "is_major": False},
    )
    engagement.members.add(author, lead)
    signers = [lead, pm, director]
    plain = _sign_levels(_version(engagement, author, "plain"), author, signers, 1)
    busy = _sign_levels(_version(engagement, author, "busy"), author, signers, findings)
    race = _concurrent(_version(engagement, author, "race"), author, lead)
    constant = plain == busy
    one = race["signed"] == 1 and race["signatures"] == 1 and race["errors"] == 0
    return {
        "scenario": "P4",
        "name": "three-level sign-off",
        "status": "measured",
        "figures": {
            "queries_per_level_1_finding": plain,
            f"queries_per_level_{findings}_findings": busy,
            "concurrent_signed": race["signed"],
            "concurrent_refused": race["refused"],
            "concurrent_errors": race["errors"],
        },
        "ratio": round(sum(busy) / sum(plain), 2) if sum(plain) else None,
        "target": "same sign-off query count with 1 and N findings; 50 concurrent → 1 signature",
        "pass": constant and one,
    }
