"""Upload validation (SEC-17), reusable by every app that accepts files.

Usage (a service receiving a Django ``UploadedFile`` or any file object with ``.name``)::

    from documents.services.uploads import check_upload, download_response

    safe_name, content_type = check_upload(upload)   # raises ApplicationError (400) if refused
    ...store the bytes under a random name, keep ``safe_name`` and ``content_type``...
    return download_response(stored_file, safe_name, content_type)  # from an authorising view

What ``check_upload`` enforces, in this order:

1. size: not empty and at most ``settings.DOCUMENTS_MAX_UPLOAD_BYTES``;
2. extension: the lower-cased suffix must be in ``settings.DOCUMENTS_ALLOWED_EXTENSIONS``
   (HTML, SVG, XML, scripts and executables are never on it);
3. magic bytes: the content must start with the signature of that extension's format (a PDF
   with ``%PDF-``, an Office file with a ZIP holding the matching part, …); text formats must
   decode as UTF-8 or GB18030 and hold no NUL bytes;
4. polyglots: the first and last 4 KiB must not contain HTML/SVG/script markup or another
   format's signature (e.g. a ZIP behind a PDF header), so a file cannot be read as two types.

The returned ``content_type`` comes from our own table, never from the client's header, and
``safe_name`` is the client's name reduced to a harmless display name (no path, no control or
separator characters, at most 120 characters, extension kept). Downloads are always sent with
``Content-Disposition: attachment`` by ``download_response``.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError

SNIFF = 4096

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"


def _starts(prefix: bytes) -> Callable[[bytes, IO[bytes]], bool]:
    return lambda head, _file: head.startswith(prefix)


def _office(part: str) -> Callable[[bytes, IO[bytes]], bool]:
    """An OOXML file is a ZIP holding ``[Content_Types].xml`` and its own top-level folder."""

    def check(head: bytes, file: IO[bytes]) -> bool:
        if not head.startswith(ZIP):
            return False
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return "[Content_Types].xml" in names and any(n.startswith(part) for n in names)

    return check


def _text(head: bytes, file: IO[bytes]) -> bool:
    file.seek(0)
    data = file.read()
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


# extension → (content type we serve, magic check)
FORMATS: dict[str, tuple[str, Callable[[bytes, IO[bytes]], bool]]] = {
    "pdf": ("application/pdf", _starts(b"%PDF-")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _office("word/"),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _office("xl/")),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _office("ppt/"),
    ),
    "doc": ("application/msword", _starts(OLE)),
    "xls": ("application/vnd.ms-excel", _starts(OLE)),
    "ppt": ("application/vnd.ms-powerpoint", _starts(OLE)),
    "png": ("image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", _starts(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", _starts(b"\xff\xd8\xff")),
    "txt": ("text/plain; charset=utf-8", _text),
    "csv": ("text/csv; charset=utf-8", _text),
}

# Markup a browser would render or execute, and other formats' signatures: found near either
# end of a file, they make it a polyglot.
MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed|meta|a\s|img\s"
    rb"|\?xml[^>]*>\s*<\s*svg)|javascript:|onload\s*=|onerror\s*=",
    re.IGNORECASE,
)
SIGNATURES = {
    b"%PDF-": {"pdf"},
    ZIP: {"docx", "xlsx", "pptx"},
    OLE: {"doc", "xls", "ppt"},
    b"\x89PNG": {"png"},
    b"GIF8": set(),
    b"MZ\x90\x00": set(),
    b"\x7fELF": set(),
}

UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|;]+")


def sanitise_name(name: str, *, limit: int = 120) -> str:
    """A display and download name: the last path part, NFC, no control or separator
    characters, no leading dots, at most ``limit`` characters with the extension kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = PurePosixPath(name.replace("\\", "/")).name
    name = UNSAFE_NAME.sub("_", name).strip(" .")
    if not name:
        name = "file"
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: limit - len(ext) - 1] + "." + ext
        else:
            name = name[:limit]
    return name


def allowed_extensions() -> list[str]:
    return [e for e in settings.DOCUMENTS_ALLOWED_EXTENSIONS if e in FORMATS]


def _refuse(message: str) -> ApplicationError:
    return ApplicationError(message, extra={"file": [message]})


def check_upload(file: Any) -> tuple[str, str]:
    """Check an uploaded file (SEC-17); return ``(safe_name, content_type)`` or raise
    :class:`ApplicationError` with a translated reason. The file is rewound afterwards."""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if not size:
        raise _refuse(_("The file is empty."))
    limit = settings.DOCUMENTS_MAX_UPLOAD_BYTES
    if size > limit:
        raise _refuse(
            _("The file is too large (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)}
        )
    safe_name = sanitise_name(getattr(file, "name", "") or "")
    ext = safe_name.rpartition(".")[2].lower() if "." in safe_name else ""
    if ext not in allowed_extensions():
        raise _refuse(
            _("Files of type “%(ext)s” are not accepted. Accepted: %(allowed)s.")
            % {"ext": ext or "?", "allowed": ", ".join(allowed_extensions())}
        )
    content_type, magic = FORMATS[ext]
    file.seek(0)
    head = file.read(SNIFF)
    file.seek(max(size - SNIFF, 0))
    tail = file.read(SNIFF)
    try:
        if not magic(head, file):
            raise _refuse(_("The content is not a valid %(ext)s file.") % {"ext": ext.upper()})
        if MARKUP.search(head) or MARKUP.search(tail):
            raise _refuse(_("The file contains web markup or script and is refused."))
        for signature, own in SIGNATURES.items():
            if ext in own:
                continue
            # A second format's header at the start or just behind ours: a polyglot.
            if signature in head[:1024] or (
                ext not in {"docx", "xlsx", "pptx"} and signature in tail
            ):
                raise _refuse(_("The file looks like more than one format and is refused."))
    finally:
        file.seek(0)
    return safe_name, content_type


def download_response(file: IO[bytes], name: str, content_type: str) -> FileResponse:
    """Stream a stored file as an attachment under a sanitised name (SEC-17)."""
    response = FileResponse(
        file, as_attachment=True, filename=sanitise_name(name), content_type=content_type
    )
    # Even if a browser ignored the attachment, it must not run anything from the file.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
