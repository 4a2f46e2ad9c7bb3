"""Checks on uploaded certificate scans (SEC-17): extension allowlist, magic bytes, size."""

from __future__ import annotations

from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError

MAX_BYTES = 10 * 1024 * 1024
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def safe_name(name: str) -> str:
    base = PurePath(name).name
    cleaned = "".join(ch for ch in base if ch.isalnum() or ch in "._- ()（）")
    return cleaned.strip()[:200] or "certificate"


def check_upload(upload: UploadedFile, *, field: str = "attachment") -> str:
    """Return the sanitised file name, or refuse the file."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SIGNATURES:
        message = _("Upload a PDF, PNG or JPEG file.")
        raise ApplicationError(message, extra={field: [message]})
    if (upload.size or 0) > MAX_BYTES:
        message = _("The file is larger than 10 MB.")
        raise ApplicationError(message, extra={field: [message]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES[suffix]):
        message = _("The file's content does not match its type.")
        raise ApplicationError(message, extra={field: [message]})
    return safe_name(name)
