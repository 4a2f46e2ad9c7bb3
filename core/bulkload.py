"""Bulk loading into PostgreSQL tables with inverted (GIN) indexes: building such an index
once over the loaded rows is several times faster than updating it row by row, so the
scale-data generator and the benchmarks drop a table's GIN indexes, load, and create them
again from their exact definitions (``pg_indexes.indexdef``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def gin_indexes_rebuilt_after(cursor: Any, *tables: str) -> Iterator[None]:
    """Drop the GIN indexes of ``tables`` for the duration of the block, then recreate them.
    Use inside a transaction (DDL is transactional in PostgreSQL: a failure restores them)."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes "
        "WHERE schemaname = current_schema() AND tablename = ANY(%s) AND indexdef LIKE %s",
        [list(tables), "% USING gin %"],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    # Django's foreign keys are deferred: check the loaded rows now, or PostgreSQL refuses to
    # build an index on a table with pending trigger events.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for _name, definition in indexes:
        cursor.execute(definition)
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's default
    for table in tables:  # statistics for the indexes' expressions come with ANALYZE
        cursor.execute(f'ANALYZE "{table}"')
