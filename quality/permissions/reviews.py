"""Who sees which deliverable version's review. Every page and endpoint starts from
``versions_visible_to``: a version of an engagement the user cannot see answers 404 (SEC-2)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.exceptions import NotFoundError
from documents.models import DocumentVersion
from engagements.permissions import FIRM_WIDE_ROLES
from engagements.permissions import visible_to as engagements_visible_to
from quality.models import Finding, LevelReview
from staff.models import User


def versions_visible_to(user: User) -> QuerySet[DocumentVersion]:
    qs = DocumentVersion.objects.all()
    if not user.is_authenticated or not user.is_active or user.is_client_user or not user.roles:
        return qs.none()
    if user.has_role(*FIRM_WIDE_ROLES):
        return qs
    # Firm documents (no engagement) are for the firm-wide roles only.
    return qs.filter(
        Q(document__engagement__in=engagements_visible_to(user)) | Q(author_id=user.pk)
    )


def access_version(user: User, pk: int) -> DocumentVersion:
    version = (
        versions_visible_to(user)
        .select_related("document", "document__engagement", "author")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise NotFoundError(_("Document version not found."))
    return version


def access_level(user: User, pk: int) -> LevelReview:
    level = (
        LevelReview.objects.select_related("review", "level")
        .filter(pk=pk, review__version__in=versions_visible_to(user))
        .first()
    )
    if level is None:
        raise NotFoundError(_("Review level not found."))
    return level


def access_finding(user: User, pk: int) -> Finding:
    finding = (
        Finding.objects.select_related("level_review", "level_review__review")
        .filter(pk=pk, level_review__review__version__in=versions_visible_to(user))
        .first()
    )
    if finding is None:
        raise NotFoundError(_("Finding not found."))
    return finding
