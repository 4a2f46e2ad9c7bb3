"""Default API pagination: page numbers for short lists, with a bounded page size."""

from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination, PageNumberPagination
from rest_framework.request import Request

from core.filters import MAX_ID


class StandardPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class KeysetPagination(CursorPagination):
    """Opaque-cursor pages for long lists: no OFFSET and no COUNT (P2)."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

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
