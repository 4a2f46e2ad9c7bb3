"""One-row inserts whose statement is compiled once per model (P3).

``Model.save()`` compiles its INSERT afresh each time and sends the model signals; for a row
written on a hot path under load (the portal's complaint POST) that compilation is a large
share of the request. ``insert`` writes the same row — field defaults and ``pre_save`` hooks
(``auto_now``, encryption) applied, the primary key read back — with a statement built once
from the model's fields; ``insert_with_history`` adds the django-simple-history "created"
record that ``save()`` would have written, explicitly, since no signal is sent. Tests compare
both with what ``save()`` writes.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from django.db import connection, models
from django.utils import timezone


class _Statement(NamedTuple):
    sql: str
    fields: tuple[models.Field[Any, Any], ...]
    pk: models.Field[Any, Any] | None  # read back when the database assigns it


@cache
def _statement(model: type[models.Model], vendor: str) -> _Statement:
    pk = model._meta.pk
    generated = pk if isinstance(pk, models.AutoField | models.BigAutoField) else None
    fields = tuple(f for f in model._meta.concrete_fields if f is not generated and not f.generated)
    qn = connection.ops.quote_name
    columns = ", ".join(qn(str(f.column)) for f in fields)
    values = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({values})"  # noqa: S608 (names from the model)
    if generated is not None:
        sql += f" RETURNING {qn(str(generated.column))}"
    return _Statement(sql, fields, generated)


def insert(instance: models.Model) -> None:
    """Insert ``instance`` as ``save(force_insert=True)`` would, without the model signals."""
    statement = _statement(type(instance), connection.vendor)
    params = []
    for field in statement.fields:
        value = field.pre_save(instance, add=True)
        if hasattr(value, "resolve_expression"):  # a database default or an expression
            raise TypeError(f"{field.name}: insert() takes plain values; use save()")
        params.append(field.get_db_prep_save(value, connection=connection))
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        if statement.pk is not None:
            setattr(instance, statement.pk.attname, cursor.fetchone()[0])
    instance._state.adding = False
    instance._state.db = connection.alias


@cache
def _history_model(model: type[models.Model]) -> Any:
    # Reading the history descriptor builds a manager class each time: once per model here.
    manager_name = model._meta.simple_history_manager_attribute  # type: ignore[attr-defined]
    return getattr(model, manager_name).model


def insert_with_history(instance: models.Model, *, user: models.Model | None) -> models.Model:
    """``insert`` plus the "+" (created) history record, by ``user``; returns the record."""
    history_model = _history_model(type(instance))
    insert(instance)
    record = history_model(
        history_date=getattr(instance, "_history_date", timezone.now()),
        history_type="+",
        history_user=user,
        history_change_reason=None,
        **{f.attname: getattr(instance, f.attname) for f in history_model.tracked_fields},
    )
    insert(record)
    return record
