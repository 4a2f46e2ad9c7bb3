"""Document search by a fragment of the code (P7, DOC search): on PostgreSQL a term of four or
more characters is looked up in the 4-gram index of codes first; the result must be exactly
what a case-insensitive substring match gives."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.filters import DocumentFilter
from documents.models import Document
from documents.services import documents as svc
from tests.documents.conftest import upload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _found(term: str) -> list[str]:
    qs = DocumentFilter({"q": term}, queryset=Document.objects.order_by("code")).qs
    return list(qs.values_list("code", flat=True))


def test_code_fragments_are_found_anywhere_in_the_code_case_insensitively(consultant, engagement_a):
    """P7, DOC search: a fragment at the start or in the middle of a code is found in any
    case; rows holding every 4-gram of the term but not the term itself are not."""
    codes = ["P7-RPT-0012345", "RPT-0012-ZH", "P7-RPT-0013345", "ABCDXBCDE"]
    for number, code in enumerate(codes):
        doc = svc.document_create(
            actor=consultant,
            engagement=engagement_a,
            title=f"报告{number}",
            file=upload(f"{number}.txt", b"x"),
        )
        Document.objects.filter(pk=doc.pk).update(code=code)

    with CaptureQueriesContext(connection) as queries:
        assert _found("RPT-0012") == ["P7-RPT-0012345", "RPT-0012-ZH"]
    assert any("engageqc_quadgrams" in q["sql"] for q in queries.captured_queries)
    assert _found("rpt-0012") == ["P7-RPT-0012345", "RPT-0012-ZH"]  # at the start, lower case
    assert _found("p7-rpt") == ["P7-RPT-0012345", "P7-RPT-0013345"]  # at the start
    assert _found("0012-zh") == ["RPT-0012-ZH"]  # at the end
    assert _found("bcdxb") == ["ABCDXBCDE"]
    assert _found("ABCDE") == []  # ABCD and BCDE are both in ABCDXBCDE, the term is not
    assert _found("RPT") == ["P7-RPT-0012345", "P7-RPT-0013345", "RPT-0012-ZH"]  # 3 characters
