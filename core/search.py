"""Substring search over trigram-indexed text (pg_trgm on PostgreSQL, a plain scan on SQLite).

Lists are ordered newest first and cut to a page, and PostgreSQL then likes to walk the primary
key backwards, filtering row by row, expecting to meet enough matches early. When the matches
are rare or clustered in old rows (a code searched years later, a phrase in 0.1% of the
documents), that walk reads the whole table. So the matching ids are fetched first, unordered,
through the trigram indexes (a bitmap scan, a few milliseconds at 500k rows); only when more than
``CANDIDATE_LIMIT`` rows match — the search is broad, the walk meets matches at once — does the
list fall back to filtering in order (P7).
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.db.models import Model, Q, QuerySet

CANDIDATE_LIMIT = 5000


def substring_search[M: Model](
    queryset: QuerySet[M],
    value: str,
    *,
    fields: tuple[str, ...],
    also: QuerySet[Any] | None = None,
) -> QuerySet[M]:
    """Rows of ``queryset`` whose ``fields`` contain ``value`` (case-insensitively), or whose id
    is among ``also`` (a one-column ``values_list`` of ids, e.g. matches in related text)."""
    value = value.strip()
    if not value:
        return queryset
    condition = reduce(operator.or_, (Q(**{f"{f}__icontains": value}) for f in fields))
    candidates = queryset.model._base_manager.filter(condition).order_by().values_list("pk")
    if also is not None:
        candidates = candidates.union(also.order_by()).order_by()
    ids = [row[0] for row in candidates[: CANDIDATE_LIMIT + 1]]
    if len(ids) <= CANDIDATE_LIMIT:
        return queryset.filter(pk__in=ids)
    if also is not None:
        condition |= Q(pk__in=also.order_by())
    return queryset.filter(condition)
