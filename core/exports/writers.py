"""CSV and XLSX writers. Both take an iterator of rows and never hold more than one chunk.

CSV is produced as a generator of encoded lines for ``StreamingHttpResponse``; XLSX is written
by XlsxWriter in ``constant_memory`` mode (each row is flushed to disk as it is written).
Every text cell passes through :func:`escape_cell` (SEC-18)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from core.exports import Cell, escape_cell

ProgressFn = Callable[[int], None]


class _Line:
    """A file-like object whose ``write`` just returns the line (csv.writer needs a file)."""

    def write(self, value: str) -> str:
        return value


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_cell(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
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
    for row in rows:
        buffer.append(writer.writerow([_csv_text(v) for v in row]))
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
            ws.write_string(0, col, escape_cell(header), bold)
            ws.set_column(col, col, max(10, min(40, len(header) * 2 + 4)))
        ws.freeze_panes(1, 0)
        count = 0
        for count, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    ws.write_string(count, col, escape_cell(value))
                elif isinstance(value, bool):
                    ws.write_boolean(count, col, value)
                elif isinstance(value, datetime):
                    ws.write_datetime(count, col, value, moment)
                elif isinstance(value, date):
                    ws.write_datetime(count, col, value, day)
                elif isinstance(value, int | float | Decimal):
                    ws.write_number(count, col, float(value))
                else:
                    ws.write_string(count, col, escape_cell(str(value)))
            if progress is not None and count % every == 0:
                progress(count)
        if progress is not None:
            progress(count)
    finally:
        workbook.close()
    return count


def _sheet_name(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'")
    return cleaned[:31] or "Export"
