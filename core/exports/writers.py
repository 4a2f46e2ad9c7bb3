"""CSV and XLSX writers. Both take an iterator of rows and never hold more than one chunk.

CSV is produced as a generator of encoded lines for ``StreamingHttpResponse``; XLSX is written
by XlsxWriter in ``constant_memory`` mode (each row is flushed to disk as it is written).
Every text cell passes through :func:`escape_cell` (SEC-18)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from core.exports import Cell, escape_cell

ProgressFn = Callable[[int], None]

# Excel's serial day numbers (1900 system): from 1900-03-01 on, day N is 1899-12-30 + N days
# (Excel's phantom 1900-02-29 shifts earlier dates, which go through ``write_datetime``).
# Working the number out here saves XlsxWriter's generic date conversion on every cell.
_EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - spreadsheet cells hold local wall time
_EXCEL_1900_MARCH = datetime(1900, 3, 1)  # noqa: DTZ001 - as above
_DAY = timedelta(days=1)


class _Line:
    """A file-like object whose ``write`` just returns the line (csv.writer needs a file)."""

    def write(self, value: str) -> str:
        return value


def _csv_datetime(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def _csv_date(value: date) -> str:
    return value.isoformat()


def _csv_none(value: None) -> str:
    return ""


# Text for each exact type of cell; anything else (int, Decimal, float…) is ``str``.
_CSV_TEXT: dict[type, Callable[[Any], str]] = {
    str: escape_cell,
    datetime: _csv_datetime,
    date: _csv_date,
    type(None): _csv_none,
}


def _csv_text(value: Cell) -> str:
    """A cell as CSV text; text cells pass through :func:`escape_cell` (SEC-18)."""
    fn = _CSV_TEXT.get(type(value))
    if fn is not None:
        return fn(value)
    if isinstance(value, str):  # a str subclass (e.g. a lazy label already rendered)
        return escape_cell(value)
    return str(value)


def csv_lines(
    headers: list[str],
    rows: Iterable[list[Cell]],
    *,
    progress: ProgressFn | None = None,
    every: int = 5000,
) -> Iterator[bytes]:
    """UTF-8 with a BOM so Excel opens Chinese text correctly; 500 rows per yielded chunk."""
    writer = csv.writer(_Line())
    yield b"\xef\xbb\xbf" + writer.writerow([escape_cell(h) for h in headers]).encode()
    buffer: list[str] = []
    count = 0
    writerow, text = writer.writerow, _csv_text
    for row in rows:
        buffer.append(writerow([text(v) for v in row]))
        count += 1
        if len(buffer) >= 500:
            yield "".join(buffer).encode()
            buffer.clear()
        if progress is not None and count % every == 0:
            progress(count)
    if buffer:
        yield "".join(buffer).encode()
    if progress is not None:
        progress(count)


def write_csv(
    path: Path,
    headers: list[str],
    rows: Iterable[list[Cell]],
    *,
    progress: ProgressFn | None = None,
) -> int:
    count = 0

    def counting(it: Iterable[list[Cell]]) -> Iterator[list[Cell]]:
        nonlocal count
        for row in it:
            count += 1
            yield row

    with path.open("wb") as fh:
        for chunk in csv_lines(headers, counting(rows), progress=progress):
            fh.write(chunk)
    return count


def write_xlsx(
    path: Path,
    headers: list[str],
    rows: Iterable[list[Cell]],
    *,
    sheet: str = "Export",
    progress: ProgressFn | None = None,
    every: int = 5000,
) -> int:
    """Write an XLSX file row by row in constant memory; returns the number of data rows.

    Text goes through ``write_string`` (never ``write``, which would turn ``=…`` into a
    formula) after :func:`escape_cell`, so a cell is never evaluated (SEC-18)."""
    workbook = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "tmpdir": str(path.parent), "strings_to_formulas": False},
    )
    try:
        ws = workbook.add_worksheet(_sheet_name(sheet))
        bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF6"})
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        for col, header in enumerate(headers):
            _write_text(ws, 0, col, escape_cell(header), bold)
            ws.set_column(col, col, max(10, min(40, len(header) * 2 + 4)))
        ws.freeze_panes(1, 0)
        write_string, write_number = ws.write_string, ws.write_number
        count = 0
        value: Any  # dispatched on its exact type, which mypy does not narrow on
        for count, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                kind = type(value)
                if kind is str:
                    text = escape_cell(value)
                    if text.startswith("<r>"):
                        _write_text(ws, count, col, text)
                    else:
                        write_string(count, col, text)
                elif value is None:
                    continue
                elif kind is datetime and value.tzinfo is None and value >= _EXCEL_1900_MARCH:
                    write_number(count, col, (value - _EXCEL_EPOCH) / _DAY, moment)
                elif kind is int or kind is float or kind is Decimal:
                    write_number(count, col, float(value))
                else:
                    _write_other(ws, count, col, value, day, moment)
            if progress is not None and count % every == 0:
                progress(count)
        if progress is not None:
            progress(count)
    finally:
        workbook.close()
    return count


def _write_other(ws: Any, row: int, col: int, value: Cell, day: Any, moment: Any) -> None:
    """The rarer cells, with XlsxWriter's own conversions (dates, booleans, str subclasses)."""
    if isinstance(value, str):
        _write_text(ws, row, col, escape_cell(value))
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, datetime):
        ws.write_datetime(row, col, value, moment)
    elif isinstance(value, date):
        ws.write_datetime(row, col, value, day)
    elif isinstance(value, int | float | Decimal):
        ws.write_number(row, col, float(value))
    else:
        _write_text(ws, row, col, escape_cell(str(value)))


def _write_text(ws: Any, row: int, col: int, text: str, cell_format: Any = None) -> None:
    """A text cell, also safe from XlsxWriter's constant_memory shortcut (SEC-18).

    In that mode XlsxWriter copies a string that starts with ``<r>`` and ends with ``</r>``
    into the sheet's XML unescaped, taking it for one of its own rich strings; a cell text
    could then inject other cells, formulas included. Such a text is written as a rich string
    of plain fragments instead, which XlsxWriter escapes and which reads back as the same
    text."""
    if text.startswith("<r>") and text.endswith("</r>"):
        fragments: list[Any] = ["<", "r>", text[3:]]
        if cell_format is not None:
            fragments.append(cell_format)
        ws.write_rich_string(row, col, *fragments)
    else:
        ws.write_string(row, col, text, cell_format)


def _sheet_name(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'")
    return cleaned[:31] or "Export"
