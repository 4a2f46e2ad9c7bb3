"""Default API pagination: page numbers for short lists, with a bounded page size."""

from typing import Any, cast

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination, PageNumberPagination
from rest_framework.request import Request

from core.filters import MAX_ID


def _strict_page_size(paginator: Any, request: Request) -> int | None:
    """DRF quietly falls back to the default for ``?page_size=abc`` or ``-5``; refuse it with a
    400 instead, so a caller learns their parameter was wrong (SEC-23)."""
    raw = request.query_params.get(paginator.page_size_query_param)
    if raw is None:
        return cast(int | None, paginator.page_size)
    if not raw.isascii() or not raw.isdecimal() or int(raw) < 1:
        raise ValidationError({paginator.page_size_query_param: [_("Give a whole number from 1.")]})
    return min(int(raw), paginator.max_page_size)


class StandardPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int | None:
        return _strict_page_size(self, request)

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        """DRF reads ``?page=`` (empty) as the first page; an empty page is no page (404)."""
        if request.query_params.get(self.page_query_param) == "":
            raise NotFound(_("Invalid page."))
        return super().get_page_number(request, paginator)


class KeysetPagination(CursorPagination):
    """Opaque-cursor pages for long lists: no OFFSET and no COUNT (P2)."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int | None:
        return _strict_page_size(self, request)

    def decode_cursor(self, request: Request) -> Cursor | None:
        """DRF's cursor, with its position checked to be an id the database can hold: a
        forged cursor is an invalid cursor (404), never a query that overflows (SEC-23)."""
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        try:
            position = int(cursor.position)
        except (TypeError, ValueError):
            raise NotFound(self.invalid_cursor_message) from None
        if not 0 <= position <= MAX_ID:
            raise NotFound(self.invalid_cursor_message)
        return cursor
