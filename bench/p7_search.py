"""P7 — Chinese search over documents and complaints (pg_trgm), PERFORMANCE.md: 3+ character
queries p95 ≤ 20 ms at 500k rows; the search indexes (trigram, and 4-gram on the code columns)
≤ 4× the tables.

Builds documents with their extracted text, and complaints, with set-based SQL in the bench
database, then times the pages' searches (``DocumentFilter`` on code, title and text; the
complaint list on reference, subject and description) for several terms.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.db import connection, transaction

from clients.selectors import complaint_list
from core.bulkload import gin_indexes_rebuilt_after
from documents.filters import DocumentFilter
from documents.models import Document

WORDS = [
    "数字化",
    "转型",
    "战略",
    "诊断",
    "报告",
    "精益",
    "生产",
    "体系",
    "智慧",
    "园区",
    "可行性",
    "研究",
    "城市",
    "更新",
    "全过程",
    "咨询",
    "能源",
    "测算",
    "方案",
    "评审",
]
TERMS = ["智慧园区", "能源测算", "精益生产", "RPT-0012", "可行性研究报告", "全过程咨询"]
COMPLAINT_TERMS = ["数字化转型", "方案评审", "TS-0004", "城市更新"]


def _sql(statement: str, params: list[Any] | None = None) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])
        return cursor.fetchall() if cursor.description else None


def _cjk(seed: str, length: int) -> str:
    """SQL for ``length`` pseudo-random CJK characters derived from ``seed`` (an int column).

    Characters are drawn with a skewed frequency, as in real Chinese text (the commonest few
    hundred characters make up most of it): rank = 3500 · x⁴ for a pseudo-random x in [0, 1).
    A uniform draw over 20,000 code points would make every trigram unique, the worst case
    for a trigram index and nothing like real documents."""
    return " || ".join(
        f"chr(19968 + floor(3500 * power((({seed})::bigint * {7919 + 2 * k} + {104729 * k}) %% 10007"
        " / 10007.0, 4))::int)"
        for k in range(length)
    )


def _build(count: int, user_id: int, engagement_id: int) -> None:
    """Titles and texts of pseudo-random characters; one row in 1,000 also holds a real
    phrase, so each searched term matches about 0.1% of the rows like a real query."""
    have = _sql("SELECT count(*) FROM documents_document WHERE code LIKE 'P7-%%'")[0][0]
    if have >= count:
        return
    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    _sql(
        f"""
        INSERT INTO documents_document (created_at, updated_at, engagement_id, code, title,
            is_deliverable, confidentiality, project_stage, client_requirement,
            service_content, deliverable_type, created_by_id)
        SELECT now(), now(), %s, 'P7-RPT-' || lpad(g::text, 7, '0'),
            {_cjk("g", 12)} || CASE WHEN g %% 1000 = 0
                THEN ({words})[1 + (g / 1000) %% 20] || ({words})[1 + (g / 20000) %% 20]
                ELSE '' END,
            false, 'internal', '', '', '', 'report', %s
        FROM generate_series(%s, %s) AS g
        """,
        [engagement_id, user_id, have + 1, count],
    )
    _sql(
        """
        INSERT INTO documents_documentversion (document_id, number, file, original_name,
            content_type, size, sha256, change_note, author_id, created_at)
        SELECT d.id, 1, 'bench/none', 'x.txt', 'text/plain', 1, md5(d.code) || md5(d.code), '',
            %s, now()
        FROM documents_document d
        WHERE d.code LIKE 'P7-%%' AND NOT EXISTS (
            SELECT 1 FROM documents_documentversion v WHERE v.document_id = d.id)
        """,
        [user_id],
    )
    _sql(
        f"""
        INSERT INTO documents_versiontext (version_id, content, method, extracted_at)
        SELECT v.id, {_cjk("v.id + 17", 60)} || CASE WHEN v.id %% 997 = 0
                THEN ({words})[1 + v.id %% 20] || ({words})[1 + (v.id / 997) %% 20]
                ELSE '' END, 'text', now()
        FROM documents_documentversion v
        WHERE NOT EXISTS (SELECT 1 FROM documents_versiontext t WHERE t.version_id = v.id)
        """
    )
    _sql("ANALYZE documents_document")
    _sql("ANALYZE documents_versiontext")


def _build_complaints(count: int, client_id: int) -> None:
    """Complaints with subjects and descriptions like the documents' text; one in 1,000
    holds a real phrase."""
    have = _sql("SELECT count(*) FROM clients_complaint WHERE reference LIKE 'P7-%%'")[0][0]
    if have >= count:
        return
    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    _sql(
        f"""
        INSERT INTO clients_complaint (created_at, updated_at, reference, channel, nature,
            severity, status, subject, description, contact_name, received_at,
            process_problem, reopen_count, client_id)
        SELECT now(), now(), 'P7-TS-' || lpad(g::text, 7, '0'), 'portal', 'service',
            'general', 'submitted', {_cjk("g + 5", 10)},
            {_cjk("g + 29", 60)} || CASE WHEN g %% 1000 = 7
                THEN ({words})[1 + (g / 1000) %% 20] || ({words})[1 + (g / 20000) %% 20]
                ELSE '' END,
            '', now() - g * interval '1 minute', false, 0, %s
        FROM generate_series(%s, %s) AS g
        """,
        [client_id, have + 1, count],
    )
    _sql("ANALYZE clients_complaint")


def _documents(term: str) -> None:
    qs = DocumentFilter({"q": term}, queryset=Document.objects.order_by("-id")).qs
    list(qs.values_list("id", flat=True)[:50])


def _time(search: Any, term: str, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        search(term)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def run(*, quick: bool) -> dict[str, Any]:
    from clients.models import Client
    from engagements.models import Engagement
    from staff.models import User

    count = 50_000 if quick else 500_000
    user, _ = User.objects.get_or_create(username="bench-p7")
    client, _ = Client.objects.get_or_create(code="bench-p7", defaults={"name": "基准客户"})
    engagement, _ = Engagement.objects.get_or_create(
        code="BENCH-P7", defaults={"title": "基准", "client": client, "project_manager": user}
    )
    # The trigram indexes are built once over the loaded rows, not row by row (minutes saved).
    with transaction.atomic(), connection.cursor() as cursor:
        with gin_indexes_rebuilt_after(cursor, "documents_document", "documents_versiontext"):
            _build(count, user.pk, engagement.pk)
        with gin_indexes_rebuilt_after(cursor, "clients_complaint"):
            _build_complaints(count, client.pk)
    qa, _ = User.objects.get_or_create(
        username="bench-p7-qa", defaults={"is_superuser": True, "is_staff": True}
    )

    def complaints(term: str) -> None:
        list(complaint_list(user=qa, q=term).values_list("id", flat=True)[:50])

    samples: list[float] = []
    per_term = {}
    for label, search, terms in (
        ("documents", _documents, TERMS),
        ("complaints", complaints, COMPLAINT_TERMS),
    ):
        for term in terms:
            _time(search, term, 2)  # warm
            timed = _time(search, term, 20)
            per_term[f"{label}:{term}"] = round(statistics.quantiles(timed, n=20)[18], 2)
            samples.extend(timed)
    p95 = statistics.quantiles(samples, n=20)[18]
    sizes = _sql(
        """
        SELECT pg_table_size('documents_document') + pg_table_size('documents_versiontext')
               + pg_table_size('clients_complaint'),
               pg_relation_size('documents_document_code_trgm')
               + pg_relation_size('documents_document_title_trgm')
               + pg_relation_size('documents_versiontext_content_trgm')
               + pg_relation_size('clients_complaint_reference_trgm')
               + pg_relation_size('clients_complaint_subject_trgm')
               + pg_relation_size('clients_complaint_description_trgm')
               + pg_relation_size('documents_document_code_quadgram')
               + pg_relation_size('clients_complaint_reference_quadgram')
        """
    )[0]
    ratio = sizes[1] / sizes[0] if sizes[0] else 0
    return {
        "scenario": "P7",
        "name": "Chinese search (pg_trgm)",
        "status": "measured",
        "pass": p95 <= 20 and ratio <= 4,
        "ratio": round(ratio, 2),
        "baseline": "index size ÷ table size (the bound on the ratio is 4)",
        "target": "3+ character searches p95 ≤ 20 ms at 500k rows; trigram indexes ≤ 4× table",
        "figures": {
            "rows": count,
            "p95_ms": round(p95, 2),
            "index_to_table": round(ratio, 2),
            **{f"p95[{t}]": v for t, v in per_term.items()},
        },
    }
