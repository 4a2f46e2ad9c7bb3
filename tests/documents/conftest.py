"""Files and fixtures for the documents tests: real bytes of each format, stored under a
temporary MEDIA_ROOT."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from documents.choices import DeliverableType
from documents.services import documents as svc


def pdf_bytes(text: str = "Report") -> bytes:
    body = (
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R"
        "/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    )
    stream = f"BT /F1 18 Tf 20 60 Td ({text}) Tj ET"
    body += f"4 0 obj<</Length {len(stream)}>>stream\n{stream}\nendstream endobj\n"
    body += "5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    body += "trailer<</Root 1 0 R>>\n%%EOF\n"
    return body.encode()


def docx_bytes(text: str = "项目报告") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            f'<w:document><w:body><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    """Service messages are asserted in English (pages follow the user's language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def deliverable(engagement_a, consultant):
    return svc.document_create(
        actor=consultant,
        engagement=engagement_a,
        title="数字化转型诊断报告",
        deliverable_type=DeliverableType.REPORT,
        is_deliverable=True,
        file=upload("诊断报告.pdf", pdf_bytes("first")),
        change_note="初稿",
    )


@pytest.fixture
def allow_release(deliverable, consultant, project_manager, technical_director):
    """The deliverable's current version passes the three-level review, so the quality app's
    release guard lets it out (ENG-10, DOC-3)."""
    from quality.services import reviews
    from staff.choices import Role
    from tests.factories import TEST_PASSWORD, UserFactory

    # A lead of its own, so the tests' ``discipline_lead`` stays off the team.
    discipline_lead = UserFactory(username="reviewing_lead", roles=[Role.DISCIPLINE_LEAD.value])
    deliverable.engagement.members.add(discipline_lead)
    review = reviews.review_submit(actor=consultant, version=deliverable.current_version)
    for position, signer in enumerate((discipline_lead, project_manager, technical_director), 1):
        level = review.levels.get(position=position)
        reviews.review_sign(actor=signer, level_id=level.pk, password=TEST_PASSWORD)
    return review
