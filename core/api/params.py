"""Strict query parameters for API views that read them by hand (SEC-22, SEC-23): a value of
the wrong type, an empty value or a repeated parameter is a 400 naming the parameter, never a
silent fallback that answers as if the caller had asked something else."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from core.filters import MAX_ID

TRUE, FALSE = ("true", "1"), ("false", "0")


def _one(request: Request, name: str) -> str | None:
    values = request.query_params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise ValidationError({name: [_("Give this parameter once.")]})
    return values[0]


def int_param(request: Request, name: str, *, maximum: int = MAX_ID) -> int | None:
    """A whole number from 1 to ``maximum``, or None when the parameter is absent."""
    raw = _one(request, name)
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdecimal() or not 1 <= int(raw) <= maximum:
        raise ValidationError({name: [_("Give a whole number from 1.")]})
    return int(raw)


def date_param(request: Request, name: str) -> date | None:
    """A calendar date written YYYY-MM-DD, or None when the parameter is absent."""
    raw = _one(request, name)
    if raw is None:
        return None
    try:
        if len(raw) == 10:  # fromisoformat also takes 20240101 and week dates: only YYYY-MM-DD
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise ValidationError({name: [_("Give a date as YYYY-MM-DD.")]})


def bool_param(request: Request, name: str, *, default: bool) -> bool:
    raw = _one(request, name)
    if raw is None:
        return default
    if raw.lower() in TRUE:
        return True
    if raw.lower() in FALSE:
        return False
    raise ValidationError({name: [_("Give true or false.")]})


def choice_param(request: Request, name: str, choices: Iterable[str], *, default: str) -> str:
    raw = _one(request, name)
    if raw is None:
        return default
    allowed = list(choices)
    if raw not in allowed:
        raise ValidationError(
            {name: [_("Choose one of: %(choices)s.") % {"choices": ", ".join(allowed)}]}
        )
    return raw
