"""Documents, versions and releases (DOC-1, DOC-2, DOC-3).

``document_create`` classifies a document and gives it a code from the admin's naming
convention; ``document_version_upload`` stores an immutable version with SHA-256, size, author
and change note, makes it the current version, and refuses a file identical to an existing
version. ``document_release`` hands a version to the engagement's client; a deliverable is
released only when every registered release guard allows it (the quality app registers
"current version passed its three-level review" with ``register_release_guard``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.tasking import publish_on_commit
from documents.choices import CODE_ABBREVIATIONS, Confidentiality, DeliverableType
from documents.models import (
    Document,
    DocumentRelease,
    DocumentVersion,
    DownloadLog,
    document_settings,
)
from documents.permissions import can_release, can_upload
from documents.services.uploads import check_upload
from engagements.models import Engagement
from staff.models import User

# --- naming convention (DOC-1) -----------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{([a-z]+)(?::0?\d{0,2}d)?\}")
FIELDS = {"scope", "type", "stage", "year", "seq"}


def pattern_problem(pattern: str) -> str | None:
    """Why a naming pattern cannot be used, or None. Only our placeholders, ``{seq}`` once."""
    names = PLACEHOLDER.findall(pattern)
    leftovers = PLACEHOLDER.sub("", pattern)
    if "{" in leftovers or "}" in leftovers or not set(names) <= FIELDS:
        return _("Only {scope}, {type}, {stage}, {year} and {seq} may be used.")
    if names.count("seq") != 1:
        return _("The convention must contain {seq} exactly once.")
    return None


def document_code(
    *, engagement: Engagement | None, deliverable_type: str, project_stage: str = ""
) -> str:
    """The next free code under the naming convention for this scope and type."""
    settings_row = document_settings()
    pattern = settings_row.naming_pattern
    if pattern_problem(pattern):
        pattern = "{scope}-{type}-{seq:03d}"
    values: dict[str, Any] = {
        "scope": engagement.code if engagement else settings_row.firm_prefix,
        "type": CODE_ABBREVIATIONS.get(DeliverableType(deliverable_type), "DOC"),
        "stage": (project_stage or "gen").upper().replace("_", ""),
        "year": timezone.localdate().year,
    }
    seq = Document.objects.filter(engagement=engagement, deliverable_type=deliverable_type).count()
    while True:
        seq += 1
        code = pattern.format(seq=seq, **values)[:64]
        if not Document.objects.filter(code=code).exists():
            return code


# --- documents and versions (DOC-1, DOC-2) -------------------------------------------------------


def _hash(file: Any) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size


def document_create(
    *,
    actor: User,
    engagement: Engagement | None,
    title: str,
    deliverable_type: str = DeliverableType.OTHER,
    project_stage: str = "",
    client_requirement: str = "",
    service_content: str = "",
    is_deliverable: bool = False,
    confidentiality: str = Confidentiality.INTERNAL,
    file: Any = None,
    change_note: str = "",
) -> Document:
    """Create a classified document with a generated code; with ``file``, its first version."""
    if not can_upload(actor, engagement):
        raise ForbiddenError(_("You may not add documents here."))
    if not title.strip():
        raise ApplicationError(_("A title is required."))
    if deliverable_type not in DeliverableType.values:
        raise ApplicationError(_("Unknown document type."))
    if confidentiality not in Confidentiality.values:
        raise ApplicationError(_("Unknown confidentiality level."))
    if file is not None:
        check_upload(file)  # refuse before anything is written
    if not service_content and engagement is not None:
        service_content = engagement.service_type
    for _attempt in range(5):
        try:
            with transaction.atomic():
                document = Document.objects.create(
                    engagement=engagement,
                    code=document_code(
                        engagement=engagement,
                        deliverable_type=deliverable_type,
                        project_stage=project_stage,
                    ),
                    title=title.strip(),
                    deliverable_type=deliverable_type,
                    project_stage=project_stage,
                    client_requirement=client_requirement.strip(),
                    service_content=service_content,
                    is_deliverable=is_deliverable,
                    confidentiality=confidentiality,
                    created_by=actor,
                )
                if file is not None:
                    document.current_version = document_version_upload(
                        actor=actor, document=document, file=file, change_note=change_note
                    )
                return document
        except IntegrityError:
            continue  # two uploads took the same code at once: take the next
    raise ConflictError(_("Could not allocate a document code; please try again."))


@transaction.atomic
def document_version_upload(
    *, actor: User, document: Document, file: Any, change_note: str = ""
) -> DocumentVersion:
    """Store ``file`` as the next immutable version and make it current (DOC-2, SEC-17)."""
    if not can_upload(actor, document.engagement):
        raise ForbiddenError(_("You may not upload versions of this document."))
    safe_name, content_type = check_upload(file)
    sha256, size = _hash(file)
    document = Document.objects.select_for_update().get(pk=document.pk)
    same = document.versions.filter(sha256=sha256).first()
    if same is not None:
        raise ConflictError(
            _(
                "This file is identical to version %(number)s (same SHA-256); "
                "no new version was created."
            )
            % {"number": same.number},
            extra={"file": [_("Identical to version %(number)s.") % {"number": same.number}]},
        )
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = DocumentVersion(
        document=document,
        number=last + 1,
        original_name=safe_name,
        content_type=content_type,
        size=size,
        sha256=sha256,
        change_note=change_note.strip(),
        author=actor,
    )
    version.file.save(safe_name, file, save=False)
    version.save()
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    from documents.tasks import extract_version_text

    publish_on_commit(extract_version_text, version.pk)
    return version


@transaction.atomic
def document_set_current(*, actor: User, version: DocumentVersion) -> Document:
    """Make an older version current again (explicit, recorded in the document's history)."""
    document = Document.objects.select_for_update().get(pk=version.document_id)
    if not can_upload(actor, document.engagement):
        raise ForbiddenError(_("You may not change this document."))
    document.current_version = version
    document._change_reason = f"current version set to v{version.number}"  # type: ignore[attr-defined]
    document.save(update_fields=["current_version", "updated_at"])
    return document


# --- releases to the client (DOC-3) --------------------------------------------------------

ReleaseGuard = Callable[[DocumentVersion], str | None]
RELEASE_GUARDS: list[ReleaseGuard] = []


def register_release_guard(guard: ReleaseGuard) -> None:
    """Register ``guard(version) -> None | reason``. A deliverable's version is released only
    when at least one guard is registered and none returns a reason."""
    if guard not in RELEASE_GUARDS:
        RELEASE_GUARDS.append(guard)


def unregister_release_guard(guard: ReleaseGuard) -> None:
    if guard in RELEASE_GUARDS:
        RELEASE_GUARDS.remove(guard)


def release_refusals(version: DocumentVersion) -> list[str]:
    if not version.document.is_deliverable:
        return []
    if not RELEASE_GUARDS:
        return [_("A deliverable is released only after its review; no review check is set up.")]
    return [reason for reason in (guard(version) for guard in RELEASE_GUARDS) if reason]


@transaction.atomic
def document_release(*, actor: User, version: DocumentVersion, note: str = "") -> DocumentRelease:
    document = version.document
    if not can_release(actor, document):
        raise ForbiddenError(
            _("Only the engagement's project manager or an administrator can release documents.")
        )
    engagement = document.engagement
    if engagement is None:  # can_release refuses firm documents already
        raise ForbiddenError(_("Firm documents are not released to clients."))
    refusals = release_refusals(version)
    if refusals:
        raise ConflictError(" ".join(refusals))
    try:
        with transaction.atomic():
            return DocumentRelease.objects.create(
                version=version,
                client_id=engagement.client_id,
                released_by=actor,
                note=note.strip()[:300],
            )
    except IntegrityError as exc:
        raise ConflictError(_("This version was already released to the client.")) from exc


def download_record(
    *, user: User, version: DocumentVersion, channel: str, ip_address: str | None
) -> DownloadLog:
    """Log a download before the file is streamed (DOC-3)."""
    return DownloadLog.objects.create(
        version=version, user=user, channel=channel, ip_address=ip_address or None
    )


def download_logs_purge(*, before: datetime) -> int:
    """SEC-27: drop download log rows older than the retention period (called by the clients
    app's retention purge); returns how many went."""
    deleted, _by_model = DownloadLog.objects.filter(at__lt=before).delete()
    return deleted


def download_logs_forget_ip(*, user: User) -> int:
    """SEC-25: an erased person's download rows keep the fact (who, what, when — the user is
    pseudonymised) but lose the IP address."""
    return DownloadLog.objects.filter(user=user).exclude(ip_address=None).update(ip_address=None)
