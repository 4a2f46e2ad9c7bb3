"""Checking uploaded files before they are kept (SEC-17): an extension allowlist, the file's
first bytes must match the format its extension claims, a size limit, and no HTML or script
hidden in the head of the file (polyglots). Files are served only as attachments."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError


@dataclass(frozen=True)
class FileKind:
    content_type: str
    signatures: tuple[bytes, ...]


OFFICE_ZIP = (b"PK\x03\x04",)
ALLOWED: dict[str, FileKind] = {
    ".pdf": FileKind("application/pdf", (b"%PDF-",)),
    ".png": FileKind("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": FileKind("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": FileKind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", OFFICE_ZIP
    ),
    ".xlsx": FileKind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", OFFICE_ZIP
    ),
}
# Markup that a browser would run if the file were ever shown inline.
MARKUP = re.compile(rb"<\s*(html|script|svg|body|iframe|object|embed)\b|<\?xml", re.IGNORECASE)
HEAD_BYTES = 2048


def _refuse(message: str) -> ApplicationError:
    return ApplicationError(message, extra={"file": [message]})


def clean_filename(name: str) -> str:
    """The client's file name without path, control or quoting characters, kept readable
    (Chinese stays) and short."""
    name = PurePath(name.replace("\\", "/")).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in "\"'<>;:|*?")
    name = name.strip(" .") or "file"
    stem, suffix = PurePath(name).stem, PurePath(name).suffix.lower()
    return f"{stem[: 150 - len(suffix)]}{suffix}"


def check_upload(upload: UploadedFile, *, max_bytes: int) -> FileKind:
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    kind = ALLOWED.get(suffix)
    if kind is None:
        raise _refuse(
            _("Only these file types are accepted: %(types)s.")
            % {"types": ", ".join(sorted({s.lstrip(".") for s in ALLOWED}))}
        )
    size = upload.size or 0
    if size == 0:
        raise _refuse(_("The file is empty."))
    if size > max_bytes:
        raise _refuse(
            _("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in kind.signatures):
        raise _refuse(_("The file's content does not match its type."))
    if MARKUP.search(head):
        raise _refuse(_("The file contains web page content and is refused."))
    return kind
