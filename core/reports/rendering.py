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
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.template import Context, Engine
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
