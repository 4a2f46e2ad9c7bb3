"""Who sees and handles which document (DOC-3, SEC-5). Every list, detail, search and
download starts from ``documents_visible_to`` / ``versions_visible_to``; a foreign or missing
object answers 404 alike.

Confidentiality, for firm staff (any role):

* public, internal — every member of staff;
* confidential — the engagement's team (project manager and members) and the firm-wide roles
  (administrator, QA manager, technical director, legal reviewer); firm documents: those roles;
* secret — the engagement's project manager, the document's creator, the administrator and the
  technical director only.

Client users see a document only when a version of it was released to their organisation, and
then only the released versions, whatever the level.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.exceptions import ForbiddenError
from documents.choices import Confidentiality
from documents.models import ClientMaterial, Document, DocumentRelease, DocumentVersion
from engagements.models import Engagement
from engagements.permissions import FIRM_WIDE_ROLES, can_manage, can_work_on
from staff.choices import Role
from staff.models import User

SECRET_ROLES = (Role.ADMIN, Role.TECHNICAL_DIRECTOR)
FIRM_DOCUMENT_EDITORS = (Role.ADMIN, Role.QA_MANAGER, Role.TECHNICAL_DIRECTOR)
ARCHIVE_ROLES = (Role.ADMIN, Role.QA_MANAGER)


def _is_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_client_user and user.roles)


def _my_engagements(user: User) -> QuerySet[Engagement]:
    members = Engagement.members.through.objects.filter(user_id=user.pk).values("engagement_id")
    return Engagement.objects.filter(Q(project_manager_id=user.pk) | Q(pk__in=members))


def documents_visible_to(user: User) -> QuerySet[Document]:
    qs = Document.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_client_user:
        client_id = user.client_id
        if client_id is None:
            return qs.none()
        released = DocumentRelease.objects.filter(
            version__document_id=OuterRef("pk"), client_id=client_id
        )
        return qs.filter(Exists(released), engagement__client_id=client_id)
    if not user.roles:
        return qs.none()
    if user.has_role(*SECRET_ROLES):
        return qs
    own_secret = Q(confidentiality=Confidentiality.SECRET) & (
        Q(engagement__project_manager_id=user.pk) | Q(created_by_id=user.pk)
    )
    open_levels = Q(confidentiality__in=[Confidentiality.PUBLIC, Confidentiality.INTERNAL])
    if user.has_role(*FIRM_WIDE_ROLES):
        return qs.filter(open_levels | Q(confidentiality=Confidentiality.CONFIDENTIAL) | own_secret)
    team = Q(confidentiality=Confidentiality.CONFIDENTIAL) & Q(
        engagement__in=_my_engagements(user).values("pk")
    )
    return qs.filter(open_levels | team | own_secret)


def versions_visible_to(user: User) -> QuerySet[DocumentVersion]:
    qs = DocumentVersion.objects.filter(document__in=documents_visible_to(user).values("pk"))
    if user.is_authenticated and user.is_client_user:
        released = DocumentRelease.objects.filter(
            version_id=OuterRef("pk"), client_id=user.client_id or 0
        )
        qs = qs.filter(Exists(released))
    return qs


def access_document(user: User, pk: int) -> Document:
    return get_object_or_404(documents_visible_to(user).select_related("engagement"), pk=pk)


def access_version(user: User, pk: int) -> DocumentVersion:
    return get_object_or_404(
        versions_visible_to(user).select_related("document", "document__engagement"), pk=pk
    )


def can_upload(user: User, engagement: Engagement | None) -> bool:
    """The engagement's team adds documents and versions; firm documents are kept by the
    administrator, the QA office and the technical director."""
    if not _is_staff(user):
        return False
    if engagement is None:
        return user.has_role(*FIRM_DOCUMENT_EDITORS)
    return can_work_on(user, engagement)


def can_release(user: User, document: Document) -> bool:
    return document.engagement is not None and can_manage(user, document.engagement)


def can_see_download_log(user: User, document: Document) -> bool:
    if not _is_staff(user):
        return False
    if user.has_role(*FIRM_WIDE_ROLES):
        return True
    return document.engagement is not None and can_manage(user, document.engagement)


def can_handle_materials(user: User, engagement: Engagement) -> bool:
    return _is_staff(user) and can_work_on(user, engagement)


def can_build_archive(user: User, engagement: Engagement) -> bool:
    return _is_staff(user) and (can_manage(user, engagement) or user.has_role(*ARCHIVE_ROLES))


def can_run_audit(user: User) -> bool:
    return _is_staff(user) and user.has_role(*ARCHIVE_ROLES)


def materials_visible_to(user: User) -> QuerySet[ClientMaterial]:
    """Client materials: the engagement's team and the firm-wide roles (never clients)."""
    qs = ClientMaterial.objects.all()
    if not _is_staff(user):
        return qs.none()
    if user.has_role(*FIRM_WIDE_ROLES):
        return qs
    return qs.filter(engagement__in=_my_engagements(user).values("pk"))


def require(condition: bool) -> None:
    if not condition:
        raise ForbiddenError(_("You may not do this with this document."))
