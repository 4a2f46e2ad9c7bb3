"""HTML → PDF with WeasyPrint, locked down (SEC-20) and reproducible.

* Nothing is fetched: the report's stylesheet is passed in memory, fonts come from the system
  through fontconfig (Noto CJK, see STACK.md), charts are inline SVG. Every URL a document
  mentions — ``file:``, ``http:``, ``data:`` or any other — is refused by :class:`RefusingFetcher`
  and only noted, so user data can never pull in a local file or call out to the network.
* Templates use Django's autoescaping, so user data is text, never markup. They render with
  the reports' own template engine, which knows only the ``i18n`` and ``tz`` tag libraries:
  the site's engine imports every installed tag library on first use (REST framework's, the
  exports' with xlsxwriter…) — seconds in a fresh worker process for tags no PDF uses (P6).
* The same inputs give the same bytes: the PDF's creation and modification dates come from
  the report's own "generated at" (an input), and WeasyPrint derives the file identifier from
  the content.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.template import Context, Engine
from pypdf import PdfReader, PdfWriter
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

logger = logging.getLogger("engageqc.reports")

STYLESHEET = Path(__file__).resolve().parent / "static_pdf" / "report.css"


class RefusingFetcher(URLFetcher):
    """A URL fetcher that fetches nothing (SEC-20) and remembers what it was asked for."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=())
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        self.refused.append(url[:200])
        logger.warning("PDF rendering refused to fetch %s", url[:200])
        raise ValueError(f"Reports fetch no resources: {url[:200]}")


@dataclass
class RenderResult:
    pdf: bytes
    pages: int = 0
    refused: list[str] = field(default_factory=list)


def pdf_date(value: datetime) -> str:
    """W3C date for the PDF metadata (UTC)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


@functools.cache
def pdf_engine() -> Engine:
    """The template engine of the PDF reports: the site's template folders and apps'
    templates, autoescaping on, only the tag libraries the report templates load."""
    return Engine(
        dirs=[str(folder) for folder in cast(list[Any], settings.TEMPLATES[0]["DIRS"])],
        app_dirs=True,
        libraries={"i18n": "django.templatetags.i18n", "tz": "django.templatetags.tz"},
        autoescape=True,
    )


def render_html(template: str, context: dict[str, Any]) -> str:
    return pdf_engine().get_template(template).render(Context(context))


def html_to_pdf(html: str) -> RenderResult:
    """Render ``html`` (already escaped by the template engine) to PDF bytes. The document's
    ``dcterms.created``/``dcterms.modified`` meta tags carry the report's "generated at" so the
    PDF's dates are inputs, never "now"."""
    fetcher = RefusingFetcher()
    fonts = FontConfiguration()
    document = HTML(string=html, base_url="about:blank", url_fetcher=fetcher)
    css = CSS(string=stylesheet(), url_fetcher=fetcher, font_config=fonts)
    rendered = document.render(stylesheets=[css], font_config=fonts)
    pdf = rendered.write_pdf()
    return RenderResult(pdf=pdf or b"", pages=len(rendered.pages), refused=fetcher.refused)


@dataclass(frozen=True)
class Part:
    """One piece of a long report. ``outline_depth`` is where its top-level bookmarks hang
    in the whole document's outline: 0 at the root, 2 under the last second-level bookmark of
    the parts before (an appendix continued from a section heading of the first part)."""

    html: str
    outline_depth: int = 0


# Each part prints everything but the page number, which needs the whole document's count.
_NO_PAGE_NUMBER = "@page { @bottom-right { content: none; } }"
# The page numbers alone, on blank pages laid out like the report's.
_NUMBERS_ONLY = "@page { @top-left { content: none; } @bottom-left { content: none; } }"


def html_parts_to_pdf(parts: list[Part]) -> RenderResult:
    """Render a long report part by part and join the parts into one PDF (P6).

    WeasyPrint keeps the layout of every page of a document until it is written, so its
    memory grows with the document; rendered part by part, the peak is that of the largest
    part. The page numbers ("3 / 89") need the whole count, so the parts are rendered
    without them and the numbers are laid over each page afterwards from a document of
    blank pages with the report's own page box and font. The bookmarks of every part are
    rebuilt into one outline, and the metadata (title, author, dates) is the first part's.
    A single part is rendered exactly as :func:`html_to_pdf` does."""
    if len(parts) == 1:
        return html_to_pdf(parts[0].html)
    fetcher = RefusingFetcher()
    fonts = FontConfiguration()
    css = [
        CSS(string=stylesheet(), url_fetcher=fetcher, font_config=fonts),
        CSS(string=_NO_PAGE_NUMBER, url_fetcher=fetcher, font_config=fonts),
    ]
    writer = PdfWriter()
    parents: dict[int, Any] = {}
    for part in parts:
        document = HTML(string=part.html, base_url="about:blank", url_fetcher=fetcher)
        reader = PdfReader(BytesIO(document.write_pdf(stylesheets=css, font_config=fonts)))
        del document
        first_page = len(writer.pages)
        if first_page == 0 and reader.metadata:
            writer.add_metadata(dict(reader.metadata))
        for page in reader.pages:
            writer.add_page(page)
        _copy_outline(writer, reader, reader.outline, part.outline_depth, first_page, parents)
    total = len(writer.pages)
    numbers = HTML(
        string='<div style="break-after: page"></div>' * (total - 1) + "<div></div>",
        base_url="about:blank",
        url_fetcher=fetcher,
    ).write_pdf(
        stylesheets=[
            CSS(string=stylesheet(), url_fetcher=fetcher, font_config=fonts),
            CSS(string=_NUMBERS_ONLY, url_fetcher=fetcher, font_config=fonts),
        ],
        font_config=fonts,
    )
    for page, number in zip(writer.pages, PdfReader(BytesIO(numbers)).pages, strict=True):
        page.merge_page(number)
        page.compress_content_streams()
    out = BytesIO()
    writer.write(out)
    return RenderResult(pdf=out.getvalue(), pages=total, refused=fetcher.refused)


def _copy_outline(
    writer: Any,
    reader: Any,
    items: list[Any],
    depth: int,
    offset: int,
    parents: dict[int, Any],
) -> None:
    """Copy ``reader``'s bookmarks (a nested list, as pypdf gives it) into ``writer`` at
    ``depth``, hanging each under the last bookmark one level up (from any earlier part)."""
    for item in items:
        if isinstance(item, list):
            _copy_outline(writer, reader, item, depth + 1, offset, parents)
            continue
        parents[depth] = writer.add_outline_item(
            title=str(item.title),
            page_number=offset + reader.get_destination_page_number(item),
            parent=parents.get(depth - 1) if depth else None,
        )
        for deeper in [d for d in parents if d > depth]:
            del parents[deeper]
