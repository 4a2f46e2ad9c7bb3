"""Helpers shared by the staff and portal pages."""

from __future__ import annotations

from django.http import FileResponse

from clients.selectors import attachment_for
from core.types import AuthedHttpRequest


def serve_attachment(request: AuthedHttpRequest, complaint_pk: int, pk: int) -> FileResponse:
    """SEC-5/SEC-17: files only through this view, scoped like the complaint, always as a
    download with the cleaned name and the type our check assigned."""
    attachment = attachment_for(user=request.user, complaint_pk=complaint_pk, pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
