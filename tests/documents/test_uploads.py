"""SEC-17: the reusable upload check — allowlist, magic bytes, size, HTML/SVG/polyglots,
sanitised names and attachment downloads."""

from __future__ import annotations

import io
import zipfile

import pytest

from core.exceptions import ApplicationError
from documents.services.uploads import check_upload, download_response, sanitise_name
from tests.documents.conftest import docx_bytes, pdf_bytes, upload


def test_sec17_accepts_real_files_and_names_the_type_itself():
    name, content_type = check_upload(upload("../../etc/报告 v1.pdf", pdf_bytes()))
    assert name == "报告 v1.pdf" and content_type == "application/pdf"
    name, content_type = check_upload(upload("纪要.docx", docx_bytes()))
    assert content_type.endswith("wordprocessingml.document")
    assert check_upload(upload("数据.csv", "编号,名称\n1,甲\n".encode("gb18030")))[0] == "数据.csv"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("page.html", b"<html><body>hi</body></html>", "not accepted"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not accepted"),
        ("run.exe", b"MZ\x90\x00", "not accepted"),
        ("noext", b"hello", "not accepted"),
        ("fake.pdf", b"<html>not a pdf</html>", "not a valid PDF"),
        ("fake.docx", b"PK\x03\x04garbage", "not a valid DOCX"),
        ("renamed.png", pdf_bytes(), "not a valid PNG"),
        ("empty.pdf", b"", "empty"),
        ("binary.txt", b"abc\x00def", "not a valid TXT"),
    ],
)
def test_sec17_refuses_wrong_types(name, data, reason):
    with pytest.raises(ApplicationError, match=reason):
        check_upload(upload(name, data))


def test_sec17_polyglot_pdf_with_html_is_refused():
    """A PDF header followed by HTML script: valid magic, but a browser could render it."""
    polyglot = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF"
    with pytest.raises(ApplicationError, match="markup"):
        check_upload(upload("report.pdf", polyglot))


def test_sec17_polyglot_pdf_with_zip_behind_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "x")
    with pytest.raises(ApplicationError, match="more than one format"):
        check_upload(upload("report.pdf", pdf_bytes() + buffer.getvalue()))


def test_sec17_svg_inside_a_png_name_is_refused():
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16 + b"<svg onload=alert(1)>"
    with pytest.raises(ApplicationError):
        check_upload(upload("image.png", data))


def test_sec17_size_limit(settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ApplicationError, match="too large"):
        check_upload(upload("big.pdf", pdf_bytes() + b"%" * 2048))


def test_sec17_sanitised_names():
    assert sanitise_name('a\x00b/../c:"d<e>.pdf') == "c_d_e_.pdf"
    assert sanitise_name("...") == "file"
    long = sanitise_name("长" * 300 + ".docx")
    assert len(long) == 120 and long.endswith(".docx")


def test_sec17_download_is_an_attachment_with_a_safe_name():
    response = download_response(io.BytesIO(b"x"), 'bad"name\r\n.pdf', "application/pdf")
    disposition = response["Content-Disposition"]
    assert (
        disposition.startswith("attachment") and "\r" not in disposition and "\n" not in disposition
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
