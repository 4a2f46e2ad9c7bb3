"""Reads of the three-level review: the inbox, a version's review sheet, the release check
(ENG-10), responsibility counts for the appraisal (QC-4) and the signature verification
(SEC-13)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from documents.models import Document, DocumentVersion
from engagements.models import Engagement
from engagements.permissions import FIRM_WIDE_ROLES
from quality.choices import FindingStatus, LevelStatus, ReviewStatus
from quality.models import Finding, LevelReview, Responsibility, Signature, VersionReview
from quality.permissions.reviews import versions_visible_to
from staff.choices import Role
from staff.models import User


def version_has_passed_review(version: DocumentVersion) -> bool:
    """True when this version's review signed every level (QC-1, QC-5)."""
    return VersionReview.objects.filter(version=version, status=ReviewStatus.PASSED).exists()


def deliverables_blocking_release(engagement: Engagement) -> list[Document]:
    """The engagement's deliverables whose current version has not passed review (ENG-10);
    a deliverable with no version yet blocks too."""
    passed = VersionReview.objects.filter(
        version_id=OuterRef("current_version_id"), status=ReviewStatus.PASSED
    )
    return list(
        Document.objects.filter(engagement=engagement, is_deliverable=True)
        .annotate(passed=Exists(passed))
        .filter(passed=False)
        .order_by("code")
    )


def responsibility_counts(user: User, start: datetime, end: datetime) -> dict[str, int]:
    """Defects traced to ``user`` as a signer in [start, end), per level code and in total,
    for the staff appraisal (QC-4, STF-3)."""
    rows = (
        Responsibility.objects.filter(
            signer=user, defect__reported_at__gte=start, defect__reported_at__lt=end
        )
        .values("level__code")
        .annotate(n=Count("id"))
    )
    counts = {row["level__code"]: row["n"] for row in rows}
    counts["total"] = sum(counts.values())
    return counts


# --- the inbox --------------------------------------------------------------------------------


def _levels() -> QuerySet[LevelReview]:
    return LevelReview.objects.select_related(
        "level",
        "reviewer",
        "review",
        "review__version",
        "review__version__author",
        "review__document",
        "review__engagement",
    )


def inbox(user: User) -> dict[str, list[Any]]:
    """What waits for ``user``: levels they may take or must re-check or sign ("to_review"),
    findings returned to them as author ("to_answer"), and for the QA manager and admins every
    level in review ("all")."""
    visible = versions_visible_to(user)
    at_turn = _levels().filter(
        review__status=ReviewStatus.IN_REVIEW,
        review__version__in=visible,
        position=F("review__current_position"),
    )
    roles = list(user.roles)
    other_levels = LevelReview.objects.filter(review_id=OuterRef("review_id"), reviewer=user)
    to_review: list[LevelReview] = list(
        at_turn.filter(Q(reviewer=user) | Q(reviewer__isnull=True, required_role__in=roles))
        .exclude(author=user)
        .exclude(status=LevelStatus.RETURNED)
        .annotate(elsewhere=Exists(other_levels.exclude(pk=OuterRef("pk"))))
        .filter(elsewhere=False)
        .order_by("review__submitted_at", "id")[:200]
    )
    to_answer = list(
        at_turn.filter(author=user, status=LevelStatus.RETURNED).order_by("updated_at")[:200]
    )
    unsubmitted = list(
        Document.objects.filter(
            is_deliverable=True,
            current_version__isnull=False,
            current_version__review__isnull=True,
            current_version__in=visible,
        )
        .filter(Q(current_version__author=user) | Q(engagement__project_manager=user))
        .select_related("current_version", "engagement")
        .order_by("code")[:200]
    )
    everything: list[LevelReview] = []
    if user.has_role(Role.QA_MANAGER, Role.ADMIN):
        everything = list(at_turn.order_by("review__submitted_at", "id")[:200])
    return {
        "to_review": to_review,
        "to_answer": to_answer,
        "to_submit": unsubmitted,
        "all": everything,
    }


# --- one version's review ------------------------------------------------------------------


@dataclass
class VersionSheet:
    version: DocumentVersion
    review: VersionReview | None
    levels: list[LevelReview] = field(default_factory=list)
    older: list[VersionReview] = field(default_factory=list)


def version_sheet(version: DocumentVersion) -> VersionSheet:
    review = (
        VersionReview.objects.filter(version=version)
        .select_related("submitted_by", "engagement")
        .first()
    )
    levels: list[LevelReview] = []
    if review is not None:
        levels = list(
            LevelReview.objects.filter(review=review)
            .select_related("level", "reviewer", "signature", "signature__signer")
            .prefetch_related(
                Prefetch(
                    "findings",
                    queryset=Finding.objects.select_related("raised_by", "answered_by"),
                )
            )
            .order_by("position")
        )
        for level in levels:
            level.review = review
            level.open_findings = sum(  # type: ignore[attr-defined]
                1 for f in level.findings.all() if f.status != FindingStatus.CLOSED
            )
    return VersionSheet(version=version, review=review, levels=levels)


def document_versions(version: DocumentVersion) -> list[dict[str, Any]]:
    """The document's versions with their review status, newest first."""
    rows = (
        DocumentVersion.objects.filter(document_id=version.document_id)
        .select_related("author", "review")
        .order_by("-number")
    )
    return [{"version": v, "review": getattr(v, "review", None)} for v in rows]


def signatures_of(version: DocumentVersion) -> list[Signature]:
    return list(
        Signature.objects.filter(version=version).select_related("level").order_by("position")
    )


def user_may_see_all(user: User) -> bool:
    return user.has_role(*FIRM_WIDE_ROLES)
