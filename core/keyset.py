"""Keyset pagination for long lists: no OFFSET and no COUNT, so page 1,000 costs what page
1 costs (P2). Ordering is on a unique column; the cursor is its last value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet


@dataclass
class KeysetPage[M: Model]:
    rows: list[M]
    next_cursor: str | None
    sort: str


def keyset_page[M: Model](
    queryset: QuerySet[M], *, sort: str, allowed: dict[str, str], after: str | None, size: int
) -> KeysetPage[M]:
    """``allowed`` maps sort keys to unique fields, e.g. {"newest": "-id", "code": "code"}."""
    if sort not in allowed:
        sort = next(iter(allowed))
    order = allowed[sort]
    field = order.lstrip("-")
    qs = queryset.order_by(order)
    if after:
        value: Any = int(after) if field == "id" and after.isdecimal() else after
        if field == "id" and not isinstance(value, int):
            value = None
        if value is not None:
            qs = qs.filter(**{f"{field}__{'lt' if order.startswith('-') else 'gt'}": value})
    rows = list(qs[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    next_cursor = str(getattr(rows[-1], field)) if has_more and rows else None
    return KeysetPage(rows=rows, next_cursor=next_cursor, sort=sort)
