"""A consultant uploads a deliverable and a second version in Chromium, then downloads the
first: versions stay retrievable (DOC-2), the file comes as an attachment through the
authorising view and the download is logged (DOC-3, SEC-5, SEC-17)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from core.demo import DEMO_PASSWORD, demo_seed
from documents.models import Document, DownloadLog
from engagements.models import Engagement
from tests.documents.conftest import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_consultant_uploads_two_versions_and_downloads_the_first(page: Page, live_server) -> None:
    # DOC-2, DOC-3, SEC-5
    demo_seed()
    engagement = Engagement.objects.get(code="ENG-2026-003")
    first, second = pdf_bytes("first draft"), pdf_bytes("second draft")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "consultant")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto(f"{live_server.url}/engagements/{engagement.pk}/")
    page.click("[data-testid=tab-documents]")
    form = page.locator("[data-testid=upload-form]")
    form.locator("[name=title]").fill("智慧园区可行性研究报告")
    form.locator("[name=deliverable_type]").select_option("report")
    form.locator("[name=is_deliverable]").check()
    form.locator("[name=file]").set_input_files(
        {"name": "可研报告.pdf", "mimeType": "application/pdf", "buffer": first}
    )
    form.locator("[name=change_note]").fill("初稿")
    form.locator("[data-testid=upload-submit]").click()

    document = Document.objects.get(engagement=engagement, title="智慧园区可行性研究报告")
    expect(page).to_have_url(re.compile(rf"/documents/{document.pk}/$"))
    expect(page.locator("[data-testid=document-code]")).to_have_text(f"{engagement.code}-RPT-001")

    version_form = page.locator("[data-testid=version-form]")
    version_form.locator("[name=file]").set_input_files(
        {"name": "可研报告.pdf", "mimeType": "application/pdf", "buffer": second}
    )
    version_form.locator("[name=change_note]").fill("补充能源测算")
    version_form.locator("[data-testid=version-submit]").click()
    expect(page.locator("[data-testid=version-row]")).to_have_count(2)
    expect(
        page.locator("[data-testid=version-row][data-number='2'] [data-testid=current-badge]")
    ).to_be_visible()

    with page.expect_download() as info:
        page.click("[data-testid=download-v1]")
    download = info.value
    assert download.suggested_filename == "可研报告.pdf"
    with open(download.path(), "rb") as handle:  # noqa: PTH123
        assert handle.read() == first
    log = DownloadLog.objects.get(version__document=document)
    assert (log.user.username, log.version.number) == ("consultant", 1)
