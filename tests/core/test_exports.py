"""List exports: CSV and XLSX with the page's filters and scope, escaped cells (SEC-18),
translated headers (X-4), constant query counts, and large exports in a real Celery worker."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

import core.exports
from clients.models import Complaint
from core.exports import DANGEROUS_PREFIXES, escape_cell, get_spec
from core.exports.services import export_job_run, export_job_start
from core.exports.writers import write_xlsx
from core.models import ExportJob, ExportSettings
from engagements.choices import Stage
from engagements.models import Engagement
from tests.factories import ClientFactory, EngagementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_client_for():
    def make(user) -> APIClient:
        api = APIClient()
        api.force_authenticate(user)
        return api

    return make


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _xlsx(response) -> list[list[Any]]:
    data = b"".join(response.streaming_content)
    ws = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def _complaint(client, ref: str, subject: str = "报告延迟", **extra) -> Complaint:
    return Complaint.objects.create(
        client=client,
        reference=ref,
        channel="email",
        nature="quality",
        subject=subject,
        description="…",
        received_at=timezone.now(),
        **extra,
    )


@pytest.mark.parametrize("prefix", DANGEROUS_PREFIXES)
def test_it_escapes_every_formula_prefix(prefix: str) -> None:
    """SEC-18: = + - @ TAB CR at the start of a cell become text."""
    assert escape_cell(f"{prefix}1+1") == f"'{prefix}1+1"
    assert escape_cell("plain") == "plain"
    assert escape_cell("") == ""


def test_csv_export_escapes_formula_cells(client, admin_user) -> None:
    """SEC-18: a title a spreadsheet would run is exported as text in CSV."""
    EngagementFactory(title='=HYPERLINK("http://evil","x")')
    EngagementFactory(title="@SUM(A1)")
    client.force_login(admin_user)
    rows = _csv(client.get(reverse("exports:download", args=["engagements", "csv"])))
    titles = {row[1] for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil","x")' in titles
    assert "'@SUM(A1)" in titles
    assert not any(t.startswith(DANGEROUS_PREFIXES) for t in titles)


def test_xlsx_export_escapes_formula_cells_read_back(client, admin_user) -> None:
    """SEC-18: in XLSX the same cell is a string (never a formula) and starts with '."""
    EngagementFactory(title="=1+2")
    EngagementFactory(title="-cmd")
    client.force_login(admin_user)
    response = client.get(reverse("exports:download", args=["engagements", "xlsx"]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    ws = load_workbook(io.BytesIO(data)).active
    cells = [ws.cell(row=r, column=2) for r in range(2, ws.max_row + 1)]
    assert {c.value for c in cells} == {"'=1+2", "'-cmd"}
    assert all(c.data_type == "s" for c in cells)


def test_export_keeps_the_page_filters(client, admin_user) -> None:
    EngagementFactory(code="E-LEAD", stage=Stage.LEAD)
    EngagementFactory(code="E-EXEC", stage=Stage.EXECUTION)
    client.force_login(admin_user)
    url = reverse("exports:download", args=["engagements", "csv"]) + "?stage=execution&page=3"
    rows = _csv(client.get(url))
    assert [r[0] for r in rows[1:]] == ["E-EXEC"]


def test_export_refuses_an_invalid_filter_with_400(client, admin_user) -> None:
    """SEC-23: a bad filter is a clear 400, never a 500."""
    client.force_login(admin_user)
    url = reverse("exports:download", args=["engagements", "csv"]) + "?client=abc"
    assert client.get(url).status_code == 400


def test_export_permission_matrix(client, consultant, client_user, admin_user) -> None:
    url = reverse("exports:download", args=["people", "csv"])
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(consultant)
    assert client.get(url).status_code == 403  # the staff list is for its keepers only
    client.force_login(client_user)
    assert client.get(reverse("exports:download", args=["engagements", "csv"])).status_code == 403
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    assert client.get(reverse("exports:download", args=["nope", "csv"])).status_code == 404
    assert client.get(reverse("exports:download", args=["people", "pdf"])).status_code == 404


def test_a_client_user_exports_only_their_own_organisations_complaints(
    client, client_user, client_a, client_b
) -> None:
    """SEC-2 on exports: the portal list's scope, in both formats."""
    _complaint(client_a, "C-A-1")
    _complaint(client_b, "C-B-1")
    client.force_login(client_user)
    rows = _csv(client.get(reverse("exports:download", args=["complaints", "csv"])))
    assert [r[0] for r in rows[1:]] == ["C-A-1"]
    rows = _xlsx(client.get(reverse("exports:download", args=["complaints", "xlsx"])))
    assert [r[0] for r in rows[1:]] == ["C-A-1"]


def test_consultant_sees_only_visible_engagements(client, consultant, engagement_a) -> None:
    EngagementFactory(code="E-OTHER")
    client.force_login(consultant)
    rows = _csv(client.get(reverse("exports:download", args=["engagements", "csv"])))
    assert [r[0] for r in rows[1:]] == [engagement_a.code]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_headers_and_labels_are_translated(client, admin_user, language: str) -> None:
    """X-4: the header row and choice labels follow the user's language."""
    EngagementFactory(stage=Stage.EXECUTION)
    client.force_login(admin_user)
    client.cookies["django_language"] = language
    admin_user.language = language
    admin_user.save(update_fields=["language"])
    rows = _csv(client.get(reverse("exports:download", args=["engagements", "csv"])))
    with translation.override(language):
        spec = get_spec("engagements")
        assert spec is not None
        assert rows[0] == spec.headers()
        assert rows[1][4] == str(Stage.EXECUTION.label)
    if language == "zh-hans":
        assert rows[0][0] != "Code"


@pytest.mark.parametrize(
    "key",
    [
        "engagements",
        "clients",
        "complaints",
        "audits",
        "actions",
        "risks",
        "incidents",
        "documents",
        "people",
    ],
)
def test_every_list_exports_in_both_formats(client, admin_user, key: str) -> None:
    client.force_login(admin_user)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("exports:download", args=[key, fmt]))
        assert response.status_code == 200, (key, fmt)
        assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_rows(
    client, admin_user, django_assert_max_num_queries, fmt: str
) -> None:
    client.force_login(admin_user)
    url = reverse("exports:download", args=["engagements", fmt])
    EngagementFactory.create_batch(3)
    with django_assert_max_num_queries(8):
        b"".join(client.get(url).streaming_content)
    EngagementFactory.create_batch(40)
    with django_assert_max_num_queries(8):
        b"".join(client.get(url).streaming_content)


def test_list_pages_show_export_buttons_with_the_filters(client, admin_user) -> None:
    client.force_login(admin_user)
    body = client.get(reverse("engagements:list") + "?stage=execution&after=5").content.decode()
    assert 'href="/exports/engagements.csv?stage=execution"' in body
    assert 'href="/exports/engagements.xlsx?stage=execution"' in body


def test_api_twin_streams_the_export(api_client_for, admin_user) -> None:
    EngagementFactory(code="E-API")
    api = api_client_for(admin_user)
    response = api.get("/api/exports/engagements/csv/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert [r[0] for r in _csv(response)[1:]] == ["E-API"]


def test_over_the_threshold_the_export_becomes_a_job(client, admin_user, api_client_for) -> None:
    ExportSettings.objects.create(pk=1, async_threshold=2)
    EngagementFactory.create_batch(3)
    client.force_login(admin_user)
    response = client.get(reverse("exports:download", args=["engagements", "xlsx"]))
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:job", args=[job.pk])
    assert job.total == 3 and job.requested_by == admin_user
    api = api_client_for(admin_user)
    response = api.get("/api/exports/engagements/csv/?stage=lead")
    assert response.status_code == 202
    assert response.json()["status"] == "pending"


def test_a_job_page_and_file_belong_to_the_requester(client, admin_user, qa_manager) -> None:
    job = ExportJob.objects.create(
        requested_by=admin_user, list_key="engagements", file_format="csv", language="en"
    )
    client.force_login(qa_manager)
    assert client.get(reverse("exports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("exports:job-file", args=[job.pk])).status_code == 404
    client.force_login(admin_user)
    assert client.get(reverse("exports:job", args=[job.pk])).status_code == 200
    assert client.get(reverse("exports:job-file", args=[job.pk])).status_code == 404  # not ready


def _fast_path_world() -> None:
    """Dangerous text in a plain column (title), a joined one (client) and an SQL-computed one
    (the project manager's name), one row per SEC-18 prefix."""
    for index, prefix in enumerate(DANGEROUS_PREFIXES):
        EngagementFactory(
            title=f"{prefix}title",
            client=ClientFactory(name=f"{prefix}client{index}"),
            project_manager=UserFactory(display_name=f"{prefix}pm{index}"),
            stage=Stage.EXECUTION,
        )


def test_the_fast_csv_path_still_escapes_every_text_column(client, admin_user) -> None:
    """SEC-18 on P9's fast path: the per-type CSV converters escape every prefix in plain,
    joined and computed text columns alike."""
    _fast_path_world()
    client.force_login(admin_user)
    rows = _csv(client.get(reverse("exports:download", args=["engagements", "csv"])))[1:]
    assert len(rows) == len(DANGEROUS_PREFIXES)
    for column in (1, 2, 5):  # title, client, project manager
        cells = {row[column] for row in rows}
        assert all(cell.startswith("'") for cell in cells), cells
        assert {cell[1] for cell in cells} == {p[0] for p in DANGEROUS_PREFIXES}


def test_the_fast_xlsx_path_still_escapes_and_keeps_dates(client, admin_user) -> None:
    """SEC-18 and P9: the XLSX fast path writes every dangerous text as an escaped string (never
    a formula), labels translated, and the creation time as the same local date-time that
    XlsxWriter's own conversion gives."""
    _fast_path_world()
    client.force_login(admin_user)
    response = client.get(reverse("exports:download", args=["engagements", "xlsx"]))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(DANGEROUS_PREFIXES)
    for row in rows:
        for cell in (row[1], row[2], row[5]):
            assert cell.data_type == "s" and cell.value.startswith("'"), cell.value
        assert row[4].value == str(Stage.EXECUTION.label)
    created = {e.code: e.created_at for e in Engagement.objects.all()}
    for row in rows:
        local = timezone.localtime(created[row[0].value]).replace(tzinfo=None)
        assert abs((row[8].value - local).total_seconds()) < 1
        assert row[8].number_format == "yyyy-mm-dd hh:mm"


def test_xlsx_writer_fast_and_generic_paths_agree(tmp_path) -> None:
    """P9: cells taken by the fast branches (str, number, local datetime) and by XlsxWriter's
    own conversions (dates, pre-1900 times, booleans, str subclasses) read back the same."""

    class Text(str):
        pass

    row: list[Any] = [
        "=x",
        Text("+y"),
        7,
        1.5,
        Decimal("2.25"),
        True,
        date(2026, 3, 1),
        datetime.fromisoformat("2026-12-02T14:30"),
        datetime.fromisoformat("1900-01-15T06:00"),
        None,
    ]
    path = tmp_path / "x.xlsx"
    assert write_xlsx(path, [f"h{i}" for i in range(len(row))], [row]) == 1
    values = [c.value for c in next(load_workbook(path).active.iter_rows(min_row=2))]
    assert values[:6] == ["'=x", "'+y", 7, 1.5, 2.25, True]
    assert values[6] == datetime.fromisoformat("2026-03-01")
    assert values[7] == datetime.fromisoformat("2026-12-02T14:30")
    assert values[8] == datetime.fromisoformat("1900-01-15T06:00")
    assert values[9] is None


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_queries_are_the_same_for_3_and_40_rows_across_chunks(
    client, admin_user, monkeypatch, fmt: str
) -> None:
    """P9: with a chunk of 2 rows, 3 and 40 rows (2 and 20 chunks) cost exactly the same
    queries — labels, names and Yes/No are worked out once, never per row."""
    monkeypatch.setattr(core.exports, "CHUNK_SIZE", 2)
    client.force_login(admin_user)
    url = reverse("exports:download", args=["engagements", fmt])
    counts = []
    for batch in (3, 37):
        EngagementFactory.create_batch(batch, project_manager=UserFactory())
        with CaptureQueriesContext(connection) as queries:
            body = b"".join(client.get(url).streaming_content)
        assert body
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_job_export_queries_do_not_grow_with_rows(admin_user, monkeypatch) -> None:
    """P9: the background job's queries (with progress) stay the same from 3 to 40 rows."""
    monkeypatch.setattr(core.exports, "CHUNK_SIZE", 2)
    spec = get_spec("engagements")
    assert spec is not None
    counts = []
    for batch in (3, 37):
        EngagementFactory.create_batch(batch)
        job = export_job_start(
            actor=admin_user, spec=spec, params=QueryDict(), file_format="xlsx", total=batch
        )
        with CaptureQueriesContext(connection) as queries:
            done = export_job_run(job_id=str(job.pk))
        assert done is not None and done.status == "done"
        done.result.delete(save=False)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_xlsx_export_cannot_inject_cells_through_rich_string_markup(client, admin_user) -> None:
    """SEC-18: XlsxWriter's constant_memory mode copies a text shaped like its own rich string
    (``<r>…</r>``) into the sheet XML unescaped; such a title must stay one text cell and
    never smuggle in a formula cell."""
    payload = (
        '<r><t>x</t></r></is></c><c r="C2"><f>HYPERLINK("http://evil.example","go")</f></c>'
        '<c r="D2" t="inlineStr"><is><r><t>y</t></r>'
    )
    EngagementFactory(title=payload)
    client.force_login(admin_user)
    response = client.get(reverse("exports:download", args=["engagements", "xlsx"]))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert ws.cell(row=2, column=2).value == payload
    assert all(cell.data_type != "f" for cell in cells)
    assert not any("HYPERLINK" in str(cell.value) for cell in cells if cell.column != 2)
