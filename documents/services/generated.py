"""Files the system generates (PDF reports), stored as ordinary documents and versions (DOC-2):
immutable, with SHA-256, size and author, so they are archived and verifiable like uploads.

The caller has authorised the requester for the report's subject; the bytes come from our
renderer, not from a browser, so the upload checks (``can_upload``, file sniffing) do not
apply. The author recorded is the person who requested the report.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.exceptions import ConflictError
from documents.choices import Confidentiality, DeliverableType
from documents.models import Document, DocumentVersion
from documents.services.documents import document_code
from documents.services.uploads import sanitise_name
from engagements.models import Engagement
from staff.models import User


def document_store_generated(
    *,
    actor: User,
    engagement: Engagement | None,
    title: str,
    filename: str,
    content: bytes,
    content_type: str = "application/pdf",
    confidentiality: str = Confidentiality.CONFIDENTIAL,
    deliverable_type: str = DeliverableType.REPORT,
    change_note: str = "",
) -> DocumentVersion:
    """Create a document holding ``content`` as its first version and return the version."""
    sha256 = hashlib.sha256(content).hexdigest()
    name = sanitise_name(filename)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                document = Document.objects.create(
                    engagement=engagement,
                    code=document_code(engagement=engagement, deliverable_type=deliverable_type),
                    title=title[:200],
                    deliverable_type=deliverable_type,
                    service_content=engagement.service_type if engagement else "",
                    confidentiality=confidentiality,
                    created_by=actor,
                )
                version = DocumentVersion(
                    document=document,
                    number=1,
                    original_name=name,
                    content_type=content_type,
                    size=len(content),
                    sha256=sha256,
                    change_note=change_note[:500],
                    author=actor,
                )
                version.file.save(name, ContentFile(content), save=False)
                version.save()
                document.current_version = version
                document.save(update_fields=["current_version", "updated_at"])
                return version
        except IntegrityError:
            continue  # two reports took the same code at once: take the next
    raise ConflictError(_("Could not allocate a document code; please try again."))
