"""Many aggregate figures in one round trip.

A *figure part* is a queryset whose SELECT list holds only whole-table aggregates wrapped in
:class:`Whole` (``qs.values(total=Whole(Count("id")))``): it returns exactly one row, even
over no rows. :func:`one_row` cross-joins any number of parts into one SELECT, so a report
that needs thirty counts over ten tables pays one query instead of thirty (P6, P8).
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Aggregate, Field, Func, Model, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


class Whole(Func):
    """An aggregate over the whole queryset. ``values()`` would GROUP BY the primary key
    around a plain aggregate; wrapped, Django sees a plain expression and adds no GROUP BY."""

    template = "%(expressions)s"
    contains_aggregate = False

    def __init__(self, aggregate: Aggregate) -> None:
        super().__init__(aggregate)


def one_row(parts: dict[str, QuerySet[Any]]) -> dict[str, Any]:
    """Run every part in one SELECT; the answer maps ``"<part>__<column>"`` to its value."""
    if not parts:
        return {}
    selects: list[str] = []
    joins: list[str] = []
    params: list[Any] = []
    converters: dict[str, tuple[list[Any], Any]] = {}
    quote = connection.ops.quote_name
    for index, (name, queryset) in enumerate(parts.items()):
        sql, part_params = queryset.order_by().query.sql_with_params()
        alias = f"f{index}"
        joins.append(f"({sql}) AS {alias}")
        params.extend(part_params)
        for column, expression in queryset.query.annotation_select.items():
            key = f"{name}__{column}"
            selects.append(f"{alias}.{quote(column)} AS {quote(key)}")
            # The backend's own conversions (SQLite hands durations and decimals back raw).
            found = connection.ops.get_db_converters(expression)
            found += expression.get_db_converters(connection)
            if found:
                converters[key] = (found, expression)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)} FROM {' CROSS JOIN '.join(joins)}", params)  # noqa: S608 - compiled querysets, parameters bound
        columns = [column[0] for column in cursor.description]
        row = dict(zip(columns, cursor.fetchone(), strict=True))
    for key, (functions, expression) in converters.items():
        for convert in functions:
            row[key] = convert(row[key], expression, connection)
    return row


def setting(model: type[Model], field_name: str) -> Coalesce:
    """A firm setting (the one-row settings model, pk=1) as an SQL expression, falling back
    to the field's default when the row does not exist — like ``<app>_settings()`` does, but
    inside the figures' query instead of a query of its own."""
    field = model._meta.get_field(field_name)
    assert isinstance(field, Field)  # noqa: S101 - a concrete column, not a relation
    value = Subquery(model._default_manager.filter(pk=1).values(field_name)[:1])
    return Coalesce(value, Value(field.get_default(), output_field=field))
