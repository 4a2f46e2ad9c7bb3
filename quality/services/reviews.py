"""Writes of the three-level review (QC-1…QC-5) with electronic signatures (X-2,
SEC-11…SEC-14).

Submission opens a review of one deliverable version with a record sheet per level (the
firm's active :class:`ReviewLevel` rows; the expert panel only on major engagements). At the
current level the reviewer raises findings, returns them to the author, the author answers,
the same reviewer re-checks, and only then signs (QC-2). Every guard lives here and is backed
by constraints on the models: no self-review, one level per person, levels in order, one
signature per level (QC-3, SEC-14).
"""

from __future__ import annotations

import hashlib
from datetime import UTC
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.notifications.services import notify
from core.signoff import confirm_signer, content_hash
from documents.models import Document, DocumentVersion
from engagements.permissions import can_work_on
from engagements.permissions import visible_to as engagements_visible_to
from quality.choices import (
    DefectSource,
    FindingSeverity,
    FindingStatus,
    LevelStatus,
    ReviewStatus,
)
from quality.models import (
    DefectReport,
    Finding,
    LevelReview,
    Responsibility,
    ReviewLevel,
    Signature,
    VersionReview,
)
from quality.signals import review_signed
from staff.choices import Role
from staff.models import User

# --- hashing (X-2, SEC-13) -------------------------------------------------------------------


def file_sha256(version: DocumentVersion) -> str:
    """SHA-256 of the stored file's bytes as they are now ("" when the file is gone)."""
    digest = hashlib.sha256()
    try:
        with version.file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    except (FileNotFoundError, ValueError):
        return ""
    finally:
        version.file.close()
    return digest.hexdigest()


def _findings_content(review_id: int, up_to_position: int) -> list[dict[str, Any]]:
    rows = Finding.objects.filter(
        level_review__review_id=review_id, level_review__position__lte=up_to_position
    ).order_by("id")
    return [
        {
            "id": f.pk,
            "location": f.location,
            "severity": f.severity,
            "description": f.description,
            "raised_by": f.raised_by_id,
            "answer": f.answer,
            "answered_by": f.answered_by_id,
            "recheck_note": f.recheck_note,
            "status": f.status,
        }
        for f in rows
    ]


def signed_content(
    *,
    version: DocumentVersion,
    file_hash: str,
    level: LevelReview,
    signer_id: int,
    printed_name: str,
    meaning: str,
    signed_at: Any,
) -> dict[str, Any]:
    """What a signature binds: file bytes, version metadata, the level, the signer and every
    finding raised up to this level with its answer and re-check."""
    findings = _findings_content(level.review_id, level.position)
    return {
        "version": {
            "id": version.pk,
            "document": version.document.code,
            "number": version.number,
            "original_name": version.original_name,
            "content_type": version.content_type,
            "size": version.size,
            "sha256": version.sha256,
            "author": version.author_id,
        },
        "file_sha256": file_hash,
        "level": {"position": level.position, "code": level.level.code},
        "signer": {"id": signer_id, "printed_name": printed_name},
        "meaning": meaning,
        "signed_at": signed_at.astimezone(UTC).isoformat(),
        "findings": findings,
    }


def record_hash(previous_hash: str, content: str) -> str:
    return hashlib.sha256(f"{previous_hash}:{content}".encode()).hexdigest()


# --- helpers ---------------------------------------------------------------------------------


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={field: [message]})


def _required(field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise _invalid(field, message)
    return value


def _link(version_id: int) -> str:
    return reverse("quality:review_version", args=[version_id])


def _levels_for(is_major: bool) -> list[ReviewLevel]:
    levels = ReviewLevel.objects.filter(is_active=True)
    if not is_major:
        levels = levels.filter(major_only=False)
    return list(levels.order_by("position"))


def eligible_reviewers(level: LevelReview) -> list[User]:
    """Who may take this level: the required role, able to see the engagement, not the
    author, and not already the reviewer of another level of the same version (QC-3)."""
    taken = LevelReview.objects.filter(review_id=level.review_id, reviewer__isnull=False).values(
        "reviewer_id"
    )
    users = (
        User.objects.filter(is_active=True, client__isnull=True)
        .filter(Q(groups__name=level.required_role) | Q(is_superuser=True))
        .exclude(pk=level.author_id)
        .exclude(pk__in=taken)
        .distinct()
    )
    engagement_id = level.review.engagement_id
    return [
        u
        for u in users
        if engagement_id is None or engagements_visible_to(u).filter(pk=engagement_id).exists()
    ]


def _notify_level(level: LevelReview) -> None:
    version = level.review.version
    recipients: list[User] = (
        [level.reviewer] if level.reviewer is not None else eligible_reviewers(level)
    )
    notify(
        recipients=recipients,
        kind="signature_request",
        event_key=f"quality-review-{level.review_id}-{level.position}-{level.rounds}",
        params={"target": f"{version.document.code} v{version.number} · {level.level.name_zh}"},
        link=_link(version.pk),
    )


def _locked_level(level_id: int) -> LevelReview:
    return (
        LevelReview.objects.select_for_update(of=("self",))
        .select_related("review", "level", "review__version", "review__version__document")
        .get(pk=level_id)
    )


def _require_reviewer(actor: User, level: LevelReview) -> None:
    """Every guard on acting as this level's reviewer (QC-1, QC-3)."""
    review = level.review
    if review.status != ReviewStatus.IN_REVIEW:
        raise ConflictError(
            _("This review is %(status)s: nothing more can be signed.")
            % {"status": review.get_status_display()}
        )
    if actor.pk == level.author_id:
        raise ForbiddenError(
            _("Nobody reviews their own work: you are the author of this version.")
        )
    if level.status == LevelStatus.SIGNED:
        raise ConflictError(_("This level is already signed."))
    if level.position != review.current_position:
        raise ConflictError(
            _("Levels run in order: “%(level)s” waits until the earlier levels have signed.")
            % {"level": level.level.label}
        )
    if (
        review.engagement_id is not None
        and not engagements_visible_to(actor).filter(pk=review.engagement_id).exists()
    ):
        raise ForbiddenError(
            _("Only reviewers who can see the engagement review its deliverables.")
        )
    if not actor.has_role(level.required_role):
        raise ForbiddenError(
            _("This level needs a reviewer with the role “%(role)s”.")
            % {"role": level.get_required_role_display()}
        )
    if level.reviewer_id is not None and level.reviewer_id != actor.pk:
        raise ForbiddenError(
            _("%(name)s took this level: the same reviewer re-checks and signs.")
            % {"name": str(level.reviewer)}
        )
    if (
        LevelReview.objects.filter(review_id=level.review_id, reviewer_id=actor.pk)
        .exclude(pk=level.pk)
        .exists()
    ):
        raise ForbiddenError(_("One person reviews at most one level of the same version."))


def _claim(actor: User, level: LevelReview) -> None:
    if level.reviewer_id is None:
        level.reviewer = actor
        try:
            with transaction.atomic():
                level.save(update_fields=["reviewer", "updated_at"])
        except IntegrityError as exc:
            raise ForbiddenError(
                _("One person reviews at most one level of the same version.")
            ) from exc


# --- submission ------------------------------------------------------------------------------


@transaction.atomic
def review_submit(*, actor: User, version: DocumentVersion) -> VersionReview:
    """Put a deliverable's current version into review; an earlier version's unfinished
    review is superseded, since only the current version can be released (X-2)."""
    document = Document.objects.select_for_update().get(pk=version.document_id)
    if not document.is_deliverable:
        raise ConflictError(_("Only deliverables go through the three-level review."))
    if document.current_version_id != version.pk:
        raise ConflictError(_("Only the document's current version can be submitted for review."))
    engagement = document.engagement
    if engagement is not None and not can_work_on(actor, engagement):
        raise ForbiddenError(_("Only members of the engagement team may do this."))
    if engagement is None and actor.pk != version.author_id:
        raise ForbiddenError(_("Only the author submits a firm document for review."))
    if VersionReview.objects.filter(version=version).exists():
        raise ConflictError(_("This version was already submitted for review."))
    is_major = bool(engagement and engagement.is_major)
    levels = _levels_for(is_major)
    if not levels:
        raise ConflictError(_("No review levels are configured: ask an administrator."))
    now = timezone.now()
    for old in VersionReview.objects.select_for_update().filter(
        document=document, status=ReviewStatus.IN_REVIEW
    ):
        old.status = ReviewStatus.SUPERSEDED
        old.current_position = 0
        old.concluded_at = now
        old.save(update_fields=["status", "current_position", "concluded_at"])
    try:
        with transaction.atomic():
            review = VersionReview.objects.create(
                version=version,
                document=document,
                engagement=engagement,
                author=version.author,
                is_major=is_major,
                current_position=levels[0].position,
                submitted_by=actor,
                submitted_at=now,
            )
    except IntegrityError as exc:
        raise ConflictError(_("This version was already submitted for review.")) from exc
    # SEC-16: the history-aware bulk insert, so each level's creation is in its history.
    bulk_create_with_history(
        [
            LevelReview(
                review=review,
                level=level,
                position=level.position,
                required_role=level.required_role,
                meaning=level.meaning,
                author=version.author,
                status=LevelStatus.OPEN if i == 0 else LevelStatus.WAITING,
            )
            for i, level in enumerate(levels)
        ],
        LevelReview,
        default_user=actor,
        default_date=now,
    )
    first = review.levels.select_related("level", "review__version__document").first()
    if first is not None:
        _notify_level(first)
    return review


# --- the record sheet (QC-2) -----------------------------------------------------------------


@transaction.atomic
def finding_raise(
    *,
    actor: User,
    level_id: int,
    location: str,
    severity: str,
    description: str,
) -> Finding:
    level = _locked_level(level_id)
    _require_reviewer(actor, level)
    if level.status not in (LevelStatus.OPEN, LevelStatus.RECHECK):
        raise ConflictError(_("Findings are raised while the level is with its reviewer."))
    location = _required("location", location, _("Say where in the deliverable the issue is."))
    description = _required("description", description, _("Describe the issue."))
    if severity not in FindingSeverity.values:
        raise _invalid("severity", _("Choose a severity."))
    _claim(actor, level)
    finding = Finding.objects.create(
        level_review=level,
        location=location[:200],
        severity=severity,
        description=description,
        raised_by=actor,
        raised_at=timezone.now(),
    )
    if level.status != LevelStatus.OPEN:
        level.status = LevelStatus.OPEN
        level.save(update_fields=["status", "updated_at"])
    return finding


@transaction.atomic
def level_return(*, actor: User, level_id: int) -> LevelReview:
    """Send the open findings back to the author (QC-2)."""
    level = _locked_level(level_id)
    _require_reviewer(actor, level)
    if level.status != LevelStatus.OPEN:
        raise ConflictError(_("Only a level with its reviewer can be returned to the author."))
    if not level.findings.filter(status=FindingStatus.OPEN).exists():
        raise ConflictError(_("Raise at least one finding before returning to the author."))
    _claim(actor, level)
    level.status = LevelStatus.RETURNED
    level.rounds += 1
    level.save(update_fields=["status", "rounds", "updated_at"])
    version = level.review.version
    notify(
        recipients=[version.author],
        kind="signature_request",
        event_key=f"quality-returned-{level.pk}-{level.rounds}",
        params={"target": f"{version.document.code} v{version.number} · {level.level.name_zh}"},
        link=_link(version.pk),
    )
    return level


@transaction.atomic
def finding_answer(*, actor: User, finding_id: int, answer: str) -> Finding:
    """The author answers a returned finding (how it was revised, or why not)."""
    finding = Finding.objects.select_related("level_review").get(pk=finding_id)
    level = _locked_level(finding.level_review_id)
    finding = Finding.objects.select_for_update().get(pk=finding_id)
    if actor.pk != level.author_id:
        raise ForbiddenError(_("Only the author of the version answers its findings."))
    if level.review.status != ReviewStatus.IN_REVIEW:
        raise ConflictError(_("This review is concluded."))
    if level.status != LevelStatus.RETURNED or finding.status != FindingStatus.OPEN:
        raise ConflictError(_("Only an open finding returned to the author can be answered."))
    finding.answer = _required("answer", answer, _("Write your answer to the finding."))
    finding.answered_by = actor
    finding.answered_at = timezone.now()
    finding.status = FindingStatus.ANSWERED
    finding.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    if not level.findings.filter(status=FindingStatus.OPEN).exists():
        level.status = LevelStatus.RECHECK
        level.save(update_fields=["status", "updated_at"])
        _notify_level(level)
    return finding


@transaction.atomic
def finding_recheck(*, actor: User, finding_id: int, accepted: bool, note: str = "") -> Finding:
    """The same reviewer re-checks an answer: accepted closes it, otherwise it opens again."""
    finding = Finding.objects.select_related("level_review").get(pk=finding_id)
    level = _locked_level(finding.level_review_id)
    finding = Finding.objects.select_for_update().get(pk=finding_id)
    _require_reviewer(actor, level)
    if level.status != LevelStatus.RECHECK or finding.status != FindingStatus.ANSWERED:
        raise ConflictError(_("Only an answered finding can be re-checked."))
    if not accepted and not (note or "").strip():
        raise _invalid("note", _("Say why the answer is not sufficient."))
    finding.recheck_note = (note or "").strip()
    finding.status = FindingStatus.CLOSED if accepted else FindingStatus.OPEN
    finding.closed_at = timezone.now() if accepted else None
    finding.save(update_fields=["recheck_note", "status", "closed_at"])
    if finding.status == FindingStatus.OPEN:
        level.status = LevelStatus.OPEN
        level.save(update_fields=["status", "updated_at"])
    return finding


# --- signing (X-2, SEC-11…SEC-14) ------------------------------------------------------------


def _confirm_signer(
    actor: User, password: str, otp: str | None, request: HttpRequest | None
) -> None:
    """Runs outside the signing transaction so the failure record is not rolled back."""
    confirm_signer(actor, password, otp or "", request)


def review_sign(
    *,
    actor: User,
    level_id: int,
    password: str,
    otp: str | None = None,
    request: HttpRequest | None = None,
) -> Signature:
    """Sign a level: same reviewer, every finding closed, levels in order, password
    re-entered (and the one-time code where enrolled). Of any number of identical concurrent
    sign-offs exactly one succeeds."""
    _confirm_signer(actor, password, otp, request)
    return _sign(actor=actor, level_id=level_id)


@transaction.atomic
def _sign(*, actor: User, level_id: int) -> Signature:
    level = _locked_level(level_id)
    review = VersionReview.objects.select_for_update().get(pk=level.review_id)
    level.review = review
    _require_reviewer(actor, level)
    if level.status not in (LevelStatus.OPEN, LevelStatus.RECHECK):
        raise ConflictError(_("The author has not answered the returned findings yet."))
    if level.findings.exclude(status=FindingStatus.CLOSED).exists():
        raise ConflictError(
            _("Every finding must be answered by the author and closed on re-check before signing.")
        )
    _claim(actor, level)
    version = DocumentVersion.objects.select_related("document").get(pk=review.version_id)
    file_hash = file_sha256(version)
    if not file_hash or file_hash != version.sha256:
        raise ConflictError(
            _("The stored file no longer matches its checksum: it cannot be signed.")
        )
    previous = (
        Signature.objects.filter(version=version, position__lt=level.position)
        .order_by("-position")
        .first()
    )
    now = timezone.now()
    printed_name = str(actor)
    content = content_hash(
        signed_content(
            version=version,
            file_hash=file_hash,
            level=level,
            signer_id=actor.pk,
            printed_name=printed_name,
            meaning=level.meaning,
            signed_at=now,
        )
    )
    previous_hash = previous.record_hash if previous else ""
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                level_review=level,
                version=version,
                level=level.level,
                position=level.position,
                signer=actor,
                author_id=level.author_id,
                printed_name=printed_name,
                meaning=level.meaning,
                signed_at=now,
                file_sha256=file_hash,
                content_hash=content,
                previous=previous,
                previous_hash=previous_hash,
                record_hash=record_hash(previous_hash, content),
            )
    except IntegrityError as exc:
        raise ConflictError(
            _("This level was signed already, or you signed another level.")
        ) from exc
    level.status = LevelStatus.SIGNED
    level.save(update_fields=["status", "updated_at"])
    following = review.levels.filter(position__gt=level.position).order_by("position").first()
    if following is None:
        review.status = ReviewStatus.PASSED
        review.current_position = 0
        review.concluded_at = now
    else:
        review.current_position = following.position
        following.status = LevelStatus.OPEN
        following.save(update_fields=["status", "updated_at"])
    review.save(update_fields=["status", "current_position", "concluded_at"])
    if following is not None:
        following.review = review
        _notify_level(following)
    review_signed.send(sender=Signature, signature=signature)
    return signature


def review_reject(
    *,
    actor: User,
    level_id: int,
    reason: str,
    password: str,
    otp: str | None = None,
    request: HttpRequest | None = None,
) -> VersionReview:
    """A level whose opinion prevails (the expert panel, QC-5) rejects the version outright,
    whatever the earlier levels signed; a new version must be submitted."""
    _confirm_signer(actor, password, otp, request)
    return _reject(actor=actor, level_id=level_id, reason=reason)


@transaction.atomic
def _reject(*, actor: User, level_id: int, reason: str) -> VersionReview:
    level = _locked_level(level_id)
    review = VersionReview.objects.select_for_update().get(pk=level.review_id)
    level.review = review
    _require_reviewer(actor, level)
    if not level.level.prevails:
        raise ConflictError(_("Only a level whose opinion prevails can reject a version."))
    reason = _required("reason", reason, _("Give the panel's reason for rejecting."))
    _claim(actor, level)
    now = timezone.now()
    Finding.objects.create(
        level_review=level,
        location=_("Whole deliverable"),
        severity=FindingSeverity.CRITICAL,
        description=reason,
        raised_by=actor,
        raised_at=now,
    )
    level.status = LevelStatus.REJECTED
    level.save(update_fields=["status", "updated_at"])
    review.status = ReviewStatus.REJECTED
    review.current_position = 0
    review.concluded_at = now
    review.save(update_fields=["status", "current_position", "concluded_at"])
    return review


# --- accountability (QC-4) -------------------------------------------------------------------


DEFECT_REPORTERS = (Role.QA_MANAGER, Role.PROJECT_MANAGER, Role.ADMIN)


@transaction.atomic
def defect_report(
    *,
    actor: User,
    version: DocumentVersion,
    source: str,
    description: str,
    location: str = "",
) -> DefectReport:
    """Record a defect found after review and hold every signer who passed the version
    responsible: a finding not raised at a level is deemed endorsed by its signer (QC-4).
    Recorded by the QA manager, a project manager or an administrator, as on the review
    page: it holds signers to account."""
    if not actor.has_role(*DEFECT_REPORTERS):
        raise ForbiddenError(
            _("Only the QA manager, a project manager or an administrator records defects.")
        )
    if source not in DefectSource.values:
        raise _invalid("source", _("Choose where the defect was found."))
    description = _required("description", description, _("Describe the defect."))
    signatures = list(
        Signature.objects.filter(version=version).select_related("level").order_by("position")
    )
    if not signatures:
        raise ConflictError(_("No level has signed this version: there is nobody to trace."))
    now = timezone.now()
    defect = DefectReport.objects.create(
        version=version,
        source=source,
        location=(location or "").strip()[:200],
        description=description,
        reported_by=actor,
        reported_at=now,
    )
    Responsibility.objects.bulk_create(
        [
            Responsibility(
                defect=defect,
                signature=signature,
                signer_id=signature.signer_id,
                level=signature.level,
                recorded_at=now,
            )
            for signature in signatures
        ]
    )
    return defect


# --- release guard (ENG-10) ------------------------------------------------------------------


def _deliverables_reviewed(engagement: Any) -> str | None:
    from quality.selectors.reviews import deliverables_blocking_release

    blocking = deliverables_blocking_release(engagement)
    if not blocking:
        return None
    return _(
        "every deliverable's current version through the three-level review (not yet: %(docs)s)"
    ) % {"docs": "、".join(f"{d.code} {d.title}" for d in blocking)}


def register_release_guards() -> None:
    """Refuse delivery (where deliverables are released) and acceptance while a deliverable's
    current version has not passed every level (ENG-10, QC-1…QC-5)."""
    from engagements.choices import Stage
    from engagements.services.lifecycle import register_guard

    register_guard(Stage.DELIVERY, _deliverables_reviewed)
    register_guard(Stage.ACCEPTANCE, _deliverables_reviewed)
