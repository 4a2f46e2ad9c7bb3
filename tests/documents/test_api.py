"""The API twin under /api/documents/ (X-5): the download permission matrix (DOC-3, SEC-5),
uploads with the SEC-17 checks, releases, client materials (DOC-5), archive (DOC-4) and
audits (DOC-6)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from documents.models import DownloadLog
from documents.services import documents as svc
from tests.documents.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("consultant", 200),
        ("client_user", 200),
        ("other_client_user", 404),
        ("outsider", 404),
        (None, 401),
    ],
)
def test_doc3_sec5_api_download_matrix(
    request, deliverable, project_manager, allow_release, who, status
):
    svc.document_release(actor=project_manager, version=deliverable.current_version)
    user = request.getfixturevalue(who) if who else None
    url = reverse("api:document-version-download", args=[deliverable.current_version_id])
    response = api(user).get(url)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert DownloadLog.objects.get(user=user).channel == "api"


def test_doc2_api_create_upload_and_duplicate(consultant, engagement_a):
    client = api(consultant)
    response = client.post(
        reverse("api:document-list"),
        {
            "engagement": engagement_a.pk,
            "title": "方案",
            "deliverable_type": "plan",
            "file": upload("方案.pdf", pdf_bytes("a")),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    doc_id = response.json()["id"]
    assert response.json()["code"].endswith("PLN-001")
    url = reverse("api:document-version-upload", args=[doc_id])
    ok = client.post(
        url, {"file": upload("b.pdf", pdf_bytes("b")), "change_note": "v2"}, format="multipart"
    )
    assert ok.status_code == 201 and ok.json()["number"] == 2
    again = client.post(
        url, {"file": upload("b.pdf", pdf_bytes("b")), "change_note": "v3"}, format="multipart"
    )
    assert again.status_code == 409
    bad = client.post(
        url,
        {"file": upload("x.pdf", b"%PDF-1.4<script>x</script>"), "change_note": "x"},
        format="multipart",
    )
    assert bad.status_code == 400 and "file" in bad.json()["error"].get("fields", {})
    detail = client.get(reverse("api:document-detail", args=[doc_id])).json()
    assert [v["number"] for v in detail["versions"]] == [2, 1]


def test_api_foreign_engagement_is_404(consultant, engagement_b):
    response = api(consultant).post(
        reverse("api:document-list"),
        {"engagement": engagement_b.pk, "title": "x", "file": upload("a.pdf", pdf_bytes())},
        format="multipart",
    )
    assert response.status_code == 404


def test_doc3_api_release_refused_without_guard(project_manager, deliverable):
    url = reverse("api:document-version-release", args=[deliverable.current_version_id])
    assert api(project_manager).post(url, {}, format="json").status_code == 409


def test_doc3_api_client_released_list(client_user, deliverable, project_manager, allow_release):
    svc.document_release(actor=project_manager, version=deliverable.current_version)
    response = api(client_user).get(reverse("api:document-released"))
    assert response.status_code == 200 and response.json()["count"] == 1
    assert api(client_user).get(reverse("api:document-list")).status_code == 403


def test_doc5_api_materials(consultant, project_manager, engagement_a):
    client = api(consultant)
    url = reverse("api:document-materials", args=[engagement_a.pk])
    created = client.post(
        url, {"description": "图纸", "form": "paper", "received_from": "周女士"}, format="json"
    )
    assert created.status_code == 201
    material_id = created.json()["id"]
    ended = api(project_manager).post(
        reverse("api:document-materials-service-ended", args=[engagement_a.pk])
    )
    assert ended.json() == {"clocks_started": 1}
    refused = client.post(
        reverse("api:document-material-dispose", args=[material_id]),
        {"disposal": "returned", "method": "当面交还", "counterparty": "周女士", "keep_copy": True},
        format="json",
    )
    assert refused.status_code == 409
    done = client.post(
        reverse("api:document-material-dispose", args=[material_id]),
        {"disposal": "returned", "method": "当面交还", "counterparty": "周女士"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["certificate_number"]


def test_doc4_doc6_api_archive_and_audits(project_manager, qa_manager, engagement_a, deliverable):
    from documents.models import ArchivePackage
    from documents.services.archive import archive_package_build

    url = reverse("api:document-archive", args=[engagement_a.pk])
    assert api(project_manager).post(url).status_code == 202
    archive_package_build(package=ArchivePackage.objects.get())
    body = api(project_manager).get(url).json()
    assert body["packages"][0]["status"] == "ready"
    assert any(not r["met"] for r in body["completeness"])
    run = api(qa_manager).post(reverse("api:document-audits"))
    assert run.status_code == 201 and run.json()["packages_checked"] == 1
    assert api(project_manager).get(reverse("api:document-audits")).status_code == 404
