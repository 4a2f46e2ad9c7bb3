"""The registry of appraisal figures (STF-3).

An appraisal shows, for one person and one period, figures computed from dated records in
other apps. Each app registers its own at start-up, from its ``AppConfig.ready``::

    from staff.appraisal import register_figure

    register_figure(
        "quality.first_time_pass_rate",          # unique key, "<app>.<name>"
        _("First-time pass rate of deliverables"),  # label (lazy translation)
        first_time_pass_rate,                    # fn(user, start, end) -> value
        source_url=lambda user, start, end: reverse(...) + f"?owner={user.pk}&…",
        unit="%",                                # shown after the value ("" for counts)
        order=30,                                # position on the appraisal page
    )

Rules for a figure function:

- ``fn(user, start, end)`` takes the appraised ``User`` and the period's first and last
  dates (inclusive) and returns an ``int``, a ``Decimal``/``float`` or ``None`` (no data).
- It is computed in SQL (an aggregate, one or two queries), never by summing in Python.
- It reads only *dated* records (planned/actual dates, signed-at times, survey dates), so
  that computing it again for a past period gives the same answer: appraisals of earlier
  periods stay reproducible. When the appraisal is finalised the values are also stored as a
  snapshot on the appraisal (``Appraisal.figures``), so later corrections to the records do
  not change an appraisal already agreed.
- ``source_url`` is a string or ``fn(user, start, end) -> str``: a page listing the records
  the figure counts, so a reader can check it.

Registered here: ``engagements.on_time_milestones`` and ``engagements.milestones_owned``.
Expected from the other apps: quality (first-time pass rate, findings raised against the
person, accountability records QC-4, audit scores of their engagements) and clients (CSAT of
their engagements).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

FigureFn = Callable[[Any, date, date], int | float | Decimal | None]
SourceUrl = str | Callable[[Any, date, date], str]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str | Promise
    fn: FigureFn
    source_url: SourceUrl
    unit: str = ""
    order: int = 100


FIGURES: dict[str, Figure] = {}


def register_figure(
    key: str,
    label: str | Promise,
    fn: FigureFn,
    source_url: SourceUrl,
    *,
    unit: str = "",
    order: int = 100,
) -> Figure:
    """Add (or replace, on a reload) the figure ``key``."""
    figure = Figure(key=key, label=label, fn=fn, source_url=source_url, unit=unit, order=order)
    FIGURES[key] = figure
    return figure


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.1")))
    if isinstance(value, float):
        return str(Decimal(str(value)).quantize(Decimal("0.1")))
    return value


def compute_figures(user: Any, start: date, end: date) -> dict[str, dict[str, Any]]:
    """Every registered figure for ``user`` over [start, end], in display order, as plain
    JSON-ready values: {key: {"label", "value", "unit", "source_url"}}. Labels are stored
    untranslated-by-key so the page shows them in the reader's language."""
    result: dict[str, dict[str, Any]] = {}
    for figure in sorted(FIGURES.values(), key=lambda f: (f.order, f.key)):
        source = figure.source_url
        url = source(user, start, end) if callable(source) else source
        result[figure.key] = {
            "label": str(figure.label),
            "value": _json_value(figure.fn(user, start, end)),
            "unit": figure.unit,
            "source_url": url,
        }
    return result


def label_for(key: str, stored: str) -> str:
    """The registered label in the current language; the stored one if no longer registered."""
    figure = FIGURES.get(key)
    return str(figure.label) if figure else stored
