"""Small server-side SVG charts: bar, line and heat map.

Each function takes plain data (strings and numbers) and returns SVG markup, so the same
chart renders in a page and in a WeasyPrint PDF. The markup is accessible (``role="img"``,
``<title>`` and ``<desc>``, every label and value as real text), uses only presentation
attributes (no inline ``style``, which the CSP refuses), and escapes every label.
Colours come from the project palette (static/css/app.css)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The palette of static/css/app.css: brand blue first, then the stage badge colours.
BRAND = "#1f4e79"
PALETTE = ("#1f4e79", "#0f5132", "#7a5a00", "#842029", "#3d2a6b", "#055160", "#0a58ca")
OK, WARN, BAD = "#0f5132", "#7a5a00", "#842029"
GRID, AXIS, MUTED, INK = "#dee2e6", "#adb5bd", "#6c757d", "#212529"
FONT = (
    'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif'
)

_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    colour: str = ""


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    text = f"{value:.1f}" if abs(value - round(value)) > 1e-9 else f"{int(round(value))}"
    return f"{text}{unit}"


def _open(width: int, height: int, title: str, desc: str, css: str) -> tuple[str, list[str]]:
    n = next(_ids)
    tid, did = f"chart-{n}-title", f"chart-{n}-desc"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {escape(css)}" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{tid} {did}" font-family="{escape(FONT)}" font-size="13">'
        f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(desc)}</desc>'
    )
    return head, []


def _text(x: float, y: float, text: str, **attrs: str | float) -> str:
    extra = " ".join(f'{k.replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" {extra}>{escape(text)}</text>'


def _hline(x1: float, x2: float, y: float, colour: str, dash: str = "") -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<line x1="{x1}" x2="{x2}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}"{dashed}/>'


def _nice_max(value: float) -> float:
    """The top of the axis: four equal steps of a "nice" size (1, 2, 2.5 or 5 × 10^k), whole
    numbers when the data are counts, so the tick labels read 0, 1, 2, 3, 4 — never 0.2."""
    if value <= 0:
        return 4.0
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 2.5, 5, 10):
        size = step * magnitude
        if size >= raw - 1e-9:
            break
    if float(value).is_integer() and size < 1:
        size = 1
    elif float(value).is_integer() and not float(size).is_integer():
        size = math.ceil(size)
    return size * 4


def _text_width(text: str, size: float = 13) -> float:
    """A rough width: CJK characters are square, Latin ones a little over half as wide."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.58 for ch in text)


def _legend(
    series: Sequence[Series], colours: list[str], x: float, max_x: float
) -> tuple[list[str], float]:
    """Legend entries left to right, wrapping onto new lines; returns the parts and the y
    below the legend, where the plot may start."""
    parts: list[str] = []
    cx, y = x, 16.0
    for s, colour in zip(series, colours, strict=True):
        item = 14 + _text_width(s.name) + 14
        if cx > x and cx + item > max_x:
            cx, y = x, y + 18
        box = f'x="{cx:.1f}" y="{y - 10:.1f}" width="10" height="10"'
        parts.append(f'<rect {box} fill="{colour}"/>')
        parts.append(_text(cx + 14, y, s.name, fill=INK))
        cx += item
    return parts, y + 14


def bar_chart(
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    bar_colours: Sequence[str] | None = None,
    width: int = 480,
    height: int = 240,
    css: str = "chart-bar",
) -> SafeString:
    """Vertical bars, grouped when there is more than one series; values printed above.
    ``bar_colours`` colours a single series' bars one by one (e.g. by grade)."""
    head, parts = _open(width, height, title, desc, css)
    left, right, bottom = 36, 8, 34
    top = 12.0
    plot_w = width - left - right
    colours = [s.colour or PALETTE[i % len(PALETTE)] for i, s in enumerate(series)]
    if len(series) > 1:
        legend, top = _legend(series, colours, left, width - right)
        parts += legend
    plot_h = height - top - bottom
    peak = _nice_max(max((v or 0 for s in series for v in s.values), default=0))
    for i in range(5):
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(
            _text(left - 4, y + 4, _fmt(value), fill=MUTED, text_anchor="end", font_size=12)
        )
    slot = plot_w / max(1, len(labels))
    bar_w = min(40.0, slot * 0.8 / max(1, len(series)))
    for i, label in enumerate(labels):
        x0 = left + slot * i + (slot - bar_w * len(series)) / 2
        for j, s in enumerate(series):
            bar = s.values[i] if i < len(s.values) else None
            h = 0.0 if not bar else plot_h * bar / peak
            x = x0 + j * bar_w
            y = top + plot_h - h
            fill = bar_colours[i] if bar_colours and len(series) == 1 else colours[j]
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{fill}"><title>{escape(f"{label} · {s.name}: {_fmt(bar, unit)}")}'
                f"</title></rect>"
            )
            if bar:
                parts.append(
                    _text(
                        x + (bar_w - 2) / 2,
                        y - 3,
                        _fmt(bar, unit),
                        fill=INK,
                        text_anchor="middle",
                        font_size=11,
                    )
                )
        parts.append(
            _text(
                left + slot * i + slot / 2,
                height - bottom + 16,
                label,
                fill=INK,
                text_anchor="middle",
                font_size=11,
            )
        )
    parts.append(_hline(left, width - right, top + plot_h, AXIS))
    return mark_safe(head + "".join(parts) + "</svg>")  # noqa: S308 — every text is escaped


def line_chart(
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    target: float | None = None,
    target_label: str = "",
    y_max: float | None = None,
    width: int = 480,
    height: int = 240,
    css: str = "chart-line",
) -> SafeString:
    """Lines over ordered labels (e.g. months); gaps for missing values; an optional dashed
    target line."""
    head, parts = _open(width, height, title, desc, css)
    left, right, bottom = 36, 12, 34
    colours = [s.colour or PALETTE[i % len(PALETTE)] for i, s in enumerate(series)]
    legend, top = _legend(series, colours, left, width - right)
    parts += legend
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    peak = y_max or _nice_max(max([*values, target or 0, 0]))
    for i in range(5):
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(
            _text(left - 4, y + 4, _fmt(value), fill=MUTED, text_anchor="end", font_size=12)
        )
    step = plot_w / max(1, len(labels) - 1)

    def point(i: int, v: float) -> tuple[float, float]:
        return left + step * i, top + plot_h - plot_h * min(v, peak) / peak

    if target is not None:
        _, ty = point(0, target)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{BAD}" '
            f'stroke-dasharray="5 4"/>'
        )
        parts.append(
            _text(
                width - right,
                ty - 4,
                target_label or _fmt(target, unit),
                fill=BAD,
                text_anchor="end",
                font_size=11,
            )
        )
    for s, colour in zip(series, colours, strict=True):
        segments: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                segments.append([])
                continue
            segments[-1].append(point(i, v))
            x, y = point(i, v)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>'
                f"{escape(f'{labels[i]} · {s.name}: {_fmt(v, unit)}')}</title></circle>"
            )
        for seg in segments:
            if len(seg) > 1:
                pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
                parts.append(
                    f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>'
                )
        last = [(i, v) for i, v in enumerate(s.values) if v is not None]
        if last:
            i, v = last[-1]
            x, y = point(i, v)
            parts.append(
                _text(x, y - 6, _fmt(v, unit), fill=colour, text_anchor="middle", font_size=12)
            )
    every = max(1, (len(labels) + 5) // 6)
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            parts.append(
                _text(
                    left + step * i,
                    height - bottom + 16,
                    label,
                    fill=INK,
                    text_anchor="middle",
                    font_size=11,
                )
            )
    parts.append(_hline(left, width - right, top + plot_h, AXIS))
    return mark_safe(head + "".join(parts) + "</svg>")  # noqa: S308 — every text is escaped


@dataclass(frozen=True)
class HeatCell:
    count: int
    colour: str
    label: str = ""


def heat_map(
    *,
    title: str,
    desc: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    cells: Sequence[Sequence[HeatCell]],
    row_axis: str = "",
    column_axis: str = "",
    width: int = 480,
    height: int = 260,
    css: str = "chart-heat",
) -> SafeString:
    """A grid of coloured cells (e.g. likelihood × impact) with the count in each; rows are
    drawn top to bottom in the order given."""
    head, parts = _open(width, height, title, desc, css)
    left, right, top, bottom = 78, 8, 8, 40
    cols, rows = max(1, len(column_labels)), max(1, len(row_labels))
    cw, ch = (width - left - right) / cols, (height - top - bottom) / rows
    for r, row in enumerate(cells):
        y = top + ch * r
        parts.append(
            _text(
                left - 6, y + ch / 2 + 4, row_labels[r], fill=INK, text_anchor="end", font_size=11
            )
        )
        for c, cell in enumerate(row):
            x = left + cw * c
            opacity = 0.95 if cell.count else 0.35
            tip = f"{row_labels[r]} × {column_labels[c]}: {cell.count}" + (
                f" ({cell.label})" if cell.label else ""
            )
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cw - 2:.1f}" height="{ch - 2:.1f}" '
                f'rx="3" fill="{escape(cell.colour)}" fill-opacity="{opacity}">'
                f"<title>{escape(tip)}</title></rect>"
            )
            parts.append(
                _text(
                    x + cw / 2,
                    y + ch / 2 + 5,
                    str(cell.count),
                    fill="#ffffff" if cell.count else INK,
                    text_anchor="middle",
                    font_size=14 if cell.count else 11,
                    font_weight="600" if cell.count else "400",
                )
            )
    for c, label in enumerate(column_labels):
        parts.append(
            _text(
                left + cw * c + cw / 2,
                height - bottom + 15,
                label,
                fill=INK,
                text_anchor="middle",
                font_size=11,
            )
        )
    if column_axis:
        parts.append(
            _text(
                left + (width - left - right) / 2,
                height - 6,
                column_axis,
                fill=MUTED,
                text_anchor="middle",
                font_size=11,
            )
        )
    if row_axis:
        parts.append(
            _text(
                10,
                top + (height - top - bottom) / 2,
                row_axis,
                fill=MUTED,
                text_anchor="middle",
                font_size=11,
                transform=f"rotate(-90 10 {top + (height - top - bottom) / 2:.1f})",
            )
        )
    return mark_safe(head + "".join(parts) + "</svg>")  # noqa: S308 — every text is escaped
