"""Helpers for the PDF report tests: read a PDF back with poppler's tools."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")


def _run(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(  # noqa: S603 - fixed poppler tool, our own temp file
            [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
            check=True,
            capture_output=True,
        )
    return out.stdout.decode("utf-8", "replace")


def pdf_text(pdf: bytes, *, layout: bool = False) -> str:
    return _run("pdftotext", pdf, *(["-layout"] if layout else []))


def pdf_fonts(pdf: bytes) -> str:
    return _run("pdffonts", pdf)


def pdf_info(pdf: bytes) -> str:
    return _run("pdfinfo", pdf, "-isodates")


def pdf_pages(pdf: bytes) -> list[str]:
    return pdf_text(pdf).split("\f")


@pytest.fixture(autouse=True)
def _poppler() -> None:
    if not POPPLER:
        pytest.skip("needs poppler-utils (pdftotext, pdffonts)")


@pytest.fixture
def render_job():
    """Render a job in-process (the worker's code path) and return it fresh with its bytes."""
    from core.reports.services import report_render

    def run(job):
        report_render(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == "done", job.error
        with job.version.file.open("rb") as handle:
            return job, handle.read()

    return run
