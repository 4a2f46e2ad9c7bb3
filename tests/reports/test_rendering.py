"""The locked-down renderer: SEC-20 (nothing fetched, user data escaped), CJK fonts embedded
and extractable (X-4), headers/footers with page numbers, repeated table headers, and
reproducible bytes."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from io import BytesIO

from django.template import engines

from core.reports.rendering import Part, html_parts_to_pdf, html_to_pdf, pdf_date
from tests.reports.conftest import pdf_fonts, pdf_info, pdf_pages, pdf_text

TEMPLATE = """{% extends "reports/pdf/base.html" %}{% block body %}
<p>{{ user_text }}</p>
<table class="data"><thead><tr><th>列头项目</th><th>得分</th></tr></thead><tbody>
{% for i in rows %}<tr><td>第{{ i }}行 审计项目</td><td>{{ i }}</td></tr>{% endfor %}
</tbody></table>{% endblock %}"""


def _meta(**extra):
    return {
        "title": "季度质量报告",
        "subject": "测试",
        "period": "2026 Q1",
        "firm": "华信咨询",
        "language": "zh-hans",
        "requested_by": "质量经理",
        "generated_at_w3c": pdf_date(datetime(2026, 4, 1, 8, 0, tzinfo=UTC)),
        "generated_at_display": "2026-04-01 16:00 CST",
        **extra,
    }


def _render(user_text="正文", rows=3):
    html = (
        engines["django"]
        .from_string(TEMPLATE)
        .render({"meta": _meta(), "user_text": user_text, "rows": range(rows)})
    )
    return html_to_pdf(html)


def test_it_embeds_a_cjk_font_and_chinese_comes_back_as_text():  # X-4, STACK.md
    result = _render()
    fonts = pdf_fonts(result.pdf)
    assert "NotoSansCJK" in fonts.replace("-", "").replace(" ", "") or "Noto Sans CJK" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # emb = yes
    text = pdf_text(result.pdf)
    assert "季度质量报告" in text
    assert "华信咨询" in text


def test_it_fetches_nothing_from_file_or_the_network():  # SEC-20
    html = (
        "<html><body><img src='file:///etc/passwd'><img src='http://127.0.0.1:9/x.png'>"
        "<link rel='stylesheet' href='https://example.com/x.css'>"
        "<div style=\"background: url('file:///etc/hostname')\">x</div></body></html>"
    )
    result = html_to_pdf(html)
    assert set(result.refused) >= {"file:///etc/passwd", "http://127.0.0.1:9/x.png"}
    assert "root:" not in pdf_text(result.pdf)


def test_it_escapes_user_data_so_markup_in_it_fetches_nothing():  # SEC-20
    hostile = "<img src='file:///etc/passwd'><script>x()</script> 客户意见"
    result = _render(user_text=hostile)
    assert result.refused == []
    text = pdf_text(result.pdf)
    assert "<img src='file:///etc/passwd'>" in text.replace("&#x27;", "'")
    assert "客户意见" in text


def test_it_numbers_pages_repeats_table_headers_and_prints_metadata_on_every_page():
    result = _render(rows=160)
    pages = [p for p in pdf_pages(result.pdf) if p.strip()]
    assert result.pages == len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        flat = page.replace(" ", "")
        assert f"{number}/{len(pages)}" in flat
        assert "季度质量报告" in flat and "华信咨询" in flat  # header
        assert "2026 Q1" in page and "2026-04-01 16:00" in page  # footer
        assert "列头项目" in page  # thead repeated on each page the table spans


def test_the_same_inputs_give_the_same_bytes_and_dates_come_from_the_inputs():
    first, second = _render(rows=40), _render(rows=40)
    assert hashlib.sha256(first.pdf).hexdigest() == hashlib.sha256(second.pdf).hexdigest()
    # CreationDate = the report's generated-at (an input), never "now".
    assert "2026-04-01T08:00:00" in pdf_info(first.pdf)


PART = """{% extends "reports/pdf/base.html" %}{% block front %}{% if first %}{{ block.super }}
{% endif %}{% endblock %}{% block body %}{% if first %}<h2>8. 附录</h2>{% endif %}
{% for i in rows %}<h3>审计 {{ label }}-{{ i }}</h3><table class="data">
<thead><tr><th>列头项目</th></tr></thead><tbody>{% for j in lines %}
<tr><td>{{ label }}-{{ i }} 第{{ j }}行</td></tr>{% endfor %}
</tbody></table>{% endfor %}{% endblock %}"""


def _parts(*, user_text: str = ""):
    template = engines["django"].from_string(PART)
    common = {"meta": _meta(), "rows": range(3), "lines": range(25)}
    return [
        Part(template.render({**common, "first": True, "label": f"甲{user_text}"})),
        Part(template.render({**common, "label": "乙"}), outline_depth=2),
        Part(template.render({**common, "label": "丙"}), outline_depth=2),
    ]


def test_a_report_in_parts_is_one_document_numbered_across_its_parts():  # P6, X-4
    result = html_parts_to_pdf(_parts())
    pages = [p for p in pdf_pages(result.pdf) if p.strip()]
    assert result.pages == len(pages) >= 6
    for number, page in enumerate(pages, start=1):
        flat = page.replace(" ", "")
        # One page number per page, counted over the whole document; header and footer kept.
        assert flat.count(f"/{len(pages)}") == 1 and f"{number}/{len(pages)}" in flat
        assert "季度质量报告" in flat and "2026-04-01 16:00" in page
    text = pdf_text(result.pdf)
    assert text.index("甲-2 第24行") < text.index("乙-0 第0行") < text.index("丙-2 第24行")
    assert text.count("华信咨询") >= len(pages)  # the front page once, the header on each page
    fonts = pdf_fonts(result.pdf)
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # all embedded
    assert "2026-04-01T08:00:00" in pdf_info(result.pdf)  # the first part's metadata


def test_the_parts_bookmarks_are_one_outline():  # P6
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(html_parts_to_pdf(_parts()).pdf))
    outline = reader.outline
    # 季度质量报告 (h1) > 8. 附录 (h2) > every part's audits (h3), in order.
    assert [str(item.title) for item in outline if not isinstance(item, list)] == ["季度质量报告"]
    appendix = outline[1]
    assert str(appendix[0].title) == "8. 附录"
    audits = appendix[1]
    assert [str(item.title) for item in audits] == [
        f"审计 {label}-{i}" for label in "甲乙丙" for i in range(3)
    ]
    # Each bookmark leads to the page its heading is on.
    for item in audits:
        page = reader.pages[reader.get_destination_page_number(item)]
        assert str(item.title).replace(" ", "") in page.extract_text().replace(" ", "")


def test_a_report_in_parts_gives_the_same_bytes_and_fetches_nothing():  # P6, SEC-20
    parts = _parts(user_text="<img src='file:///etc/passwd'>")
    first, second = html_parts_to_pdf(parts), html_parts_to_pdf(parts)
    assert first.pdf == second.pdf
    assert first.refused == []
    assert "<img src='file:///etc/passwd'>" in pdf_text(first.pdf).replace("&#x27;", "'")
