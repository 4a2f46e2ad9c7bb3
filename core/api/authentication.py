"""API authentication: DRF tokens, with the user and the user's client organisation read in
one query whose SQL is built once per process (P3: portal requests need the client, a second
round trip per request was measurable, and compiling the three-table select on every request
was a tenth of a portal complaint POST)."""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from django.db import connections, models
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from clients.models import Client
from staff.models import User


class _Part(NamedTuple):
    model: type[models.Model]
    names: tuple[str, ...]  # attnames, in the select's order
    converters: tuple[tuple[int, Any, Any], ...]  # (position, function, expression)


class _Statement(NamedTuple):
    sql: str
    parts: tuple[_Part, ...]


@cache
def _statement(alias: str) -> _Statement:
    """SELECT token, user, client columns … WHERE key = %s, with the backend's and the
    fields' own converters (SQLite hands back text for dates; encrypted fields decrypt)."""
    connection = connections[alias]
    qn = connection.ops.quote_name
    columns: list[str] = []
    parts = []
    for table_alias, model in (("t", Token), ("u", User), ("c", Client)):
        fields = model._meta.concrete_fields
        converters = []
        for field in fields:
            col = field.cached_col
            found = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
            converters += [(len(columns), f, col) for f in found]
            columns.append(f"{table_alias}.{qn(str(field.column))}")
        parts.append(_Part(model, tuple(f.attname for f in fields), tuple(converters)))
    token, user, client = (qn(m._meta.db_table) for m in (Token, User, Client))

    def column(model: type[models.Model], name: str) -> str:
        return qn(str(model._meta.get_field(name).column))  # type: ignore[union-attr]

    sql = (
        f"SELECT {', '.join(columns)} FROM {token} t "  # noqa: S608 - names from the models
        f"INNER JOIN {user} u ON u.{column(User, 'id')} = t.{column(Token, 'user')} "
        f"LEFT OUTER JOIN {client} c ON c.{column(Client, 'id')} = u.{column(User, 'client')} "
        f"WHERE t.{column(Token, 'key')} = %s"
    )
    return _Statement(sql, tuple(parts))


def token_with_user(key: str, *, using: str = "default") -> Token | None:
    """The token with its user and the user's client loaded, as
    ``Token.objects.select_related("user", "user__client")`` would give it, or None."""
    statement = _statement(using)
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, [key])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    loaded: list[models.Model | None] = []
    start = 0
    for part in statement.parts:
        for position, convert, expression in part.converters:
            values[position] = convert(values[position], expression, connection)
        own = values[start : start + len(part.names)]
        start += len(part.names)
        pk = own[part.names.index(part.model._meta.pk.attname)]
        # The client is None for staff (the outer join's columns are all NULL).
        loaded.append(None if pk is None else part.model.from_db(using, part.names, own))
    token, user, client = loaded
    assert isinstance(token, Token) and isinstance(user, User)  # noqa: S101 - the inner join
    user.client = client  # type: ignore[assignment]
    token.user = user
    return token


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        token = token_with_user(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
