"""The shared export mechanism (P9, SEC-18). Each app declares its lists in ``<app>/exports.py``
with :func:`register`; a list names only its columns and how to get its rows — the same
selector, filters and ``visible_to(user)`` scope as its page.

Rows are read with ``values_list(...).iterator(chunk_size=...)`` so a 100k-row export never
builds model instances or holds the result in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from staff.models import User

CHUNK_SIZE = 2000

# A cell that a spreadsheet would read as a formula or a control character (SEC-18).
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | date | datetime | bool | None


def escape_cell(value: str) -> str:
    """Text that a spreadsheet would evaluate is prefixed with ``'`` so it stays text (SEC-18)."""
    if value and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    """One exported column: a translated header and a ``values_list`` path.

    ``choices`` turns stored values into their (translated) labels; ``display`` formats any
    other value (it receives the raw value)."""

    header: str | Promise
    path: str
    choices: Sequence[tuple[Any, Any]] | None = None
    display: Callable[[Any], Cell] | None = None
    expression: Any = None  # an SQL expression computed for this column (e.g. a person's name)


@dataclass(frozen=True)
class ExportSpec:
    """A list that can be exported.

    ``rows(user, params)`` returns the page's queryset for this user and these filters; it
    raises :class:`core.exceptions.ApplicationError` (400) for invalid filters. ``allowed``
    says whether the user may open the page at all (else 403, as the page answers)."""

    key: str
    title: str | Promise
    rows: Callable[[User, QueryDict], QuerySet[Any]]
    columns: tuple[Column, ...]
    allowed: Callable[[User], bool]
    filename: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def headers(self) -> list[str]:
        return [str(c.header) for c in self.columns]

    def queryset(self, user: User, params: QueryDict) -> QuerySet[Any]:
        return self.rows(user, params)

    def iter_rows(self, qs: QuerySet[Any]) -> Iterator[list[Cell]]:
        """Display values, row by row, straight from a server-side cursor.

        Everything that does not depend on the row (choice maps, translated Yes/No, the time
        zone, which columns need converting at all) is worked out once, so a row costs one
        list and one call per column that needs converting (P9)."""
        expressions = {
            c.path: c.expression() if callable(c.expression) else c.expression
            for c in self.columns
            if c.expression is not None
        }
        if expressions:
            qs = qs.annotate(**expressions)
        convert = _Convert()
        converters = [(index, convert.column(column)) for index, column in enumerate(self.columns)]
        paths = [c.path for c in self.columns]
        for raw in qs.values_list(*paths).iterator(chunk_size=CHUNK_SIZE):
            out: list[Cell] = list(raw)
            for index, fn in converters:
                out[index] = fn(out[index])
            yield out


_MISSING: Any = object()


class _Convert:
    """Per-export converters from stored values to display values, built once per export."""

    def __init__(self) -> None:
        self.tz = timezone.get_current_timezone()
        self.yes, self.no = _("Yes"), _("No")

    def plain(self, value: Any) -> Cell:
        kind = type(value)
        if kind is datetime:
            return value.astimezone(self.tz).replace(tzinfo=None, microsecond=0)
        if kind is bool:
            return self.yes if value else self.no
        return value

    def column(self, column: Column) -> Callable[[Any], Cell]:
        plain = self.plain
        if column.display is not None:
            display = column.display
            return lambda value: plain(display(value))
        if column.choices:
            labels = {value: str(label) for value, label in column.choices}

            def label(value: Any) -> Cell:
                found = labels.get(value, _MISSING)
                return plain(value) if found is _MISSING else found

            return label
        return plain


_REGISTRY: dict[str, ExportSpec] = {}


def register(spec: ExportSpec) -> ExportSpec:
    _REGISTRY[spec.key] = spec
    return spec


def get_spec(key: str) -> ExportSpec | None:
    return _REGISTRY.get(key)


def all_specs() -> dict[str, ExportSpec]:
    return dict(_REGISTRY)


def any_role(*roles: str) -> Callable[[User], bool]:
    def allowed(user: User) -> bool:
        return bool(user.is_authenticated and user.is_active and user.has_role(*roles))

    return allowed


def choice(params: QueryDict, name: str, values: Sequence[str], default: str = "") -> str:
    """A page's single-choice filter as the page reads it: unknown values mean "any"."""
    value = params.get(name, default)
    return value if value in values else default


def person_name(prefix: str) -> Any:
    """A user's display name, else their username, computed in SQL (as ``User.__str__``)."""
    return Coalesce(NullIf(F(f"{prefix}__display_name"), Value("")), F(f"{prefix}__username"))


def person(header: str | Promise, prefix: str) -> Column:
    return Column(header, f"export_{prefix}_name", expression=person_name(prefix))


def filtered(filterset_class: Any, params: QueryDict, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The list's FilterSet applied as the API applies it: invalid filters are a 400."""
    filterset = filterset_class(params, queryset=queryset)
    if not filterset.is_valid():
        errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items())
        raise ApplicationError(_("Invalid filter: %(errors)s") % {"errors": errors})
    return filterset.qs


def named(header: str | Promise, prefix: str) -> Column:
    """A bilingual reference row's name (``name``/``name_en``) in the active language."""

    def expression() -> Any:
        if translation.get_language() == "en":
            return Coalesce(NullIf(F(f"{prefix}__name_en"), Value("")), F(f"{prefix}__name"))
        return F(f"{prefix}__name")

    return Column(header, f"export_{prefix}_name", expression=expression)
