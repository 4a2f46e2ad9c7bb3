"""Factories for deliverable documents and their versions (the documents app has no upload
service yet; these write rows the way an upload would: bytes, size and checksum)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile

from documents.models import Document, DocumentVersion
from staff.models import User

_counter = {"n": 0}


def deliverable(
    *, engagement: Any, author: User, code: str | None = None, title: str = "咨询报告"
) -> Document:
    _counter["n"] += 1
    return Document.objects.create(
        engagement=engagement,
        code=code or f"DOC-T-{_counter['n']:05d}",
        title=title,
        is_deliverable=True,
        created_by=author,
    )


def new_version(
    document: Document, *, author: User, content: bytes = b"%PDF-1.4 report v1", note: str = ""
) -> DocumentVersion:
    number = document.versions.count() + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=f"{document.code}-v{number}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        change_note=note,
        author=author,
    )
    version.file.save(f"{document.code}-v{number}.pdf", ContentFile(content), save=False)
    version.save()
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    return version
