"""Substring search over trigram-indexed text (pg_trgm on PostgreSQL, a plain scan on SQLite).

Lists are ordered newest first and cut to a page, and PostgreSQL then likes to walk the primary
key backwards, filtering row by row, expecting to meet enough matches early. When the matches
are rare or clustered in old rows (a code searched years later, a phrase in 0.1% of the
documents), that walk reads the whole table. So the matching ids are fetched first, unordered,
through the trigram indexes (a bitmap scan, a few milliseconds at 500k rows); only when more than
``CANDIDATE_LIMIT`` rows match — the search is broad, the walk meets matches at once — does the
list fall back to filtering in order (P7).

Codes (``P7-RPT-0012345``, ``TS20261202-3F9A…``) defeat trigrams: ``RPT``, a run of zeros and the
word-boundary trigrams are in nearly every row, so a fragment like ``RPT-0012`` reads posting
lists of the whole table. Columns named in ``coded`` carry a second GIN index over their set of
4-grams (``engageqc_quadgrams``, core migration 0007). A code-like term (four or more printable
ASCII characters) is looked up there first — four characters together are rare — and checked
with the same ``icontains`` as before, so what matches does not change. Each column is then
looked up on its own and the ids appended: in one OR the 4-gram test would re-run on every row.
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Func, Model, Q, QuerySet, Value
from django.db.models.sql.compiler import SQLCompiler

CANDIDATE_LIMIT = 5000
GRAM = 4


class HasQuadgrams(Func):
    """``engageqc_quadgrams(UPPER(column)) @> engageqc_quadgrams(UPPER(term))``: every 4-gram of
    the term is one of the column's (PostgreSQL, on the expression of the 4-gram indexes). A
    necessary condition for ``icontains``, never a sufficient one."""

    arity = 2
    output_field = BooleanField()

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: Any, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        column, column_params = compiler.compile(self.source_expressions[0])
        term, term_params = compiler.compile(self.source_expressions[1])
        sql = f"engageqc_quadgrams(UPPER({column}::text)) @> engageqc_quadgrams(UPPER({term}))"
        return sql, (*column_params, *term_params)


class IsAnyOf(Func):
    """``column = ANY(%s)`` with the ids as one array parameter (PostgreSQL): binding a thousand
    ``IN`` parameters one by one costs more than running the query."""

    arity = 1
    output_field = BooleanField()

    def __init__(self, column: Any, ids: list[Any]) -> None:
        super().__init__(column)
        self.ids = ids

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: Any, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s)", (*params, self.ids)


def _code_like(value: str) -> bool:
    """Four or more printable ASCII characters: a code or a fragment of one. Chinese terms keep
    the trigram indexes, which find them fast (their trigrams are rare)."""
    return len(value) >= GRAM and all("!" <= char <= "~" for char in value)


def _contains(field: str, value: str, *, coded: bool) -> Q:
    condition = Q(**{f"{field}__icontains": value})
    if coded:
        return Q(HasQuadgrams(field, Value(value))) & condition
    return condition


def substring_search[M: Model](
    queryset: QuerySet[M],
    value: str,
    *,
    fields: tuple[str, ...],
    coded: tuple[str, ...] = (),
    also: QuerySet[Any] | None = None,
) -> QuerySet[M]:
    """Rows of ``queryset`` whose ``fields`` contain ``value`` (case-insensitively), or whose id
    is among ``also`` (a one-column ``values_list`` of ids, e.g. matches in related text).
    ``coded`` names the fields among them that have a 4-gram index."""
    value = value.strip()
    if not value:
        return queryset
    postgres = connections[queryset.db].vendor == "postgresql"
    condition = reduce(operator.or_, (Q(**{f"{f}__icontains": value}) for f in fields))
    rows = queryset.model._base_manager.order_by()
    if coded and _code_like(value) and postgres:
        # One lookup per column, each on its own index, appended (UNION ALL stops at the
        # limit); in one OR the 4-gram test would be re-run on every fetched row.
        parts = [
            rows.filter(_contains(f, value, coded=f in coded)).values_list("pk") for f in fields
        ]
        if also is not None:
            parts.append(also.order_by())
        candidates = parts[0].union(*parts[1:], all=True).order_by()
    else:
        candidates = rows.filter(condition).values_list("pk")
        if also is not None:
            candidates = candidates.union(also.order_by()).order_by()
    found = [row[0] for row in candidates[: CANDIDATE_LIMIT + 1]]
    if len(found) <= CANDIDATE_LIMIT:
        ids = sorted(set(found))
        return queryset.filter(IsAnyOf("pk", ids) if postgres else Q(pk__in=ids))
    if also is not None:
        condition |= Q(pk__in=also.order_by())
    return queryset.filter(condition)
