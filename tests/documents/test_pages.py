"""Pages and downloads: the permission matrix of the download endpoints, raw media paths,
confidentiality (DOC-3, SEC-5), the download log, client materials and archive pages, and
query counts that do not grow with the number of rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.choices import Confidentiality
from documents.models import DownloadLog
from documents.services import documents as svc
from tests.documents.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def released(deliverable, project_manager, allow_release):
    svc.document_release(actor=project_manager, version=deliverable.current_version)
    return deliverable


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("consultant", 200),  # team member
        ("project_manager", 200),
        ("qa_manager", 200),  # firm-wide role
        ("client_user", 200),  # released to their organisation
        ("other_client_user", 404),  # another client's document
        ("outsider", 404),  # no role: sees nothing
        ("discipline_lead", 404),  # not on the team; confidential
    ],
)
def test_doc3_sec5_download_permission_matrix(client, request, released, who, status):
    """DOC-3/SEC-5: who may download a confidential deliverable; every download is logged."""
    released.confidentiality = Confidentiality.CONFIDENTIAL
    released.save()
    user = request.getfixturevalue(who)
    response = _login(client, user).get(
        reverse("documents:download", args=[released.current_version_id])
    )
    assert response.status_code == status
    logged = DownloadLog.objects.filter(user=user).count()
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == pdf_bytes("first")
        assert logged == 1
    else:
        assert logged == 0


def test_sec5_anonymous_download_goes_to_login(client, deliverable):
    response = client.get(reverse("documents:download", args=[deliverable.current_version_id]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_sec5_raw_media_path_answers_404(client, consultant, deliverable):
    """SEC-5: the stored file's media URL is not served."""
    _login(client, consultant)
    assert client.get("/media/" + deliverable.current_version.file.name).status_code == 404


def test_doc3_client_sees_only_released_versions(client, client_user, released, consultant):
    svc.document_version_upload(
        actor=consultant, document=released, file=upload("v2.pdf", pdf_bytes("v2"))
    )
    released.refresh_from_db()
    _login(client, client_user)
    assert (
        client.get(reverse("documents:download", args=[released.current_version_id])).status_code
        == 404
    )
    page = client.get(reverse("documents:documents_portal"))
    assert page.status_code == 200 and page.content.count(b'data-testid="portal-row"') == 1
    # Staff pages are not for clients.
    assert client.get(reverse("documents:detail", args=[released.pk])).status_code == 403


def test_doc3_secret_documents_only_for_pm_creator_admin_director(
    client, engagement_a, project_manager, consultant, qa_manager, technical_director
):
    secret = svc.document_create(
        actor=project_manager,
        engagement=engagement_a,
        title="报价底稿",
        confidentiality=Confidentiality.SECRET,
        file=upload("a.pdf", pdf_bytes("s")),
    )
    url = reverse("documents:detail", args=[secret.pk])
    assert _login(client, consultant).get(url).status_code == 404
    assert _login(client, qa_manager).get(url).status_code == 404
    assert _login(client, technical_director).get(url).status_code == 200
    assert _login(client, project_manager).get(url).status_code == 200


def test_doc3_download_log_is_viewable(client, consultant, project_manager, deliverable):
    _login(client, consultant).get(
        reverse("documents:download", args=[deliverable.current_version_id])
    )
    page = _login(client, project_manager).get(reverse("documents:detail", args=[deliverable.pk]))
    assert page.content.count(b'data-testid="download-row"') == 1


def test_doc2_upload_pages(client, consultant, engagement_a):
    _login(client, consultant)
    page = client.get(reverse("documents:engagement", args=[engagement_a.pk]))
    assert page.status_code == 200 and b'data-testid="upload-form"' in page.content
    response = client.post(
        reverse("documents:create", args=[engagement_a.pk]),
        {
            "title": "调研报告",
            "deliverable_type": "report",
            "confidentiality": "internal",
            "is_deliverable": "on",
            "file": upload("调研.pdf", pdf_bytes("one")),
            "change_note": "初稿",
        },
    )
    document = engagement_a.documents.get()
    assert response.status_code == 302 and document.is_deliverable
    response = client.post(
        reverse("documents:version-upload", args=[document.pk]),
        {"file": upload("调研.pdf", pdf_bytes("one")), "change_note": "again"},
        follow=True,
    )
    assert b"identical" in response.content or "相同".encode() in response.content
    assert document.versions.count() == 1
    response = client.post(
        reverse("documents:create", args=[engagement_a.pk]),
        {
            "title": "x",
            "deliverable_type": "report",
            "confidentiality": "internal",
            "file": upload("x.svg", b"<svg/>"),
        },
        follow=True,
    )
    assert engagement_a.documents.count() == 1


def test_foreign_engagement_pages_answer_404(client, consultant, engagement_b):
    _login(client, consultant)
    assert client.get(reverse("documents:engagement", args=[engagement_b.pk])).status_code == 404


def test_doc5_material_pages_and_certificate(client, consultant, project_manager, engagement_a):
    _login(client, consultant)
    client.post(
        reverse("documents:material-register", args=[engagement_a.pk]),
        {"description": "原始台账", "form": "paper", "received_from": "周女士", "quantity": "3 册"},
    )
    material = engagement_a.client_materials.get()
    client.post(
        reverse("documents:material-dispose", args=[material.pk]),
        {"outcome": "destroyed", "method": "碎纸机销毁", "counterparty": "周女士 监销"},
    )
    material.refresh_from_db()
    page = client.get(reverse("documents:material-certificate", args=[material.pk]))
    assert page.status_code == 200 and material.certificate_number.encode() in page.content


def test_doc4_archive_page_builds_and_downloads(client, project_manager, engagement_a, deliverable):
    from documents.services.archive import archive_package_build

    _login(client, project_manager)
    page = client.get(reverse("documents:engagement", args=[engagement_a.pk]))
    assert b'data-testid="completeness"' in page.content
    client.post(reverse("documents:archive-request", args=[engagement_a.pk]))
    package = engagement_a.archive_packages.get()
    archive_package_build(package=package)
    response = client.get(reverse("documents:package-download", args=[package.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_doc6_audits_page(client, qa_manager, consultant):
    assert _login(client, consultant).get(reverse("documents:audits")).status_code == 404
    _login(client, qa_manager)
    client.post(reverse("documents:audit-run"))
    page = client.get(reverse("documents:audits"))
    assert page.status_code == 200 and b'data-testid="audit-runs"' in page.content


def test_search_by_code_title_and_text(client, consultant, engagement_a, deliverable):
    from documents.services.text import version_text_extract

    other = svc.document_create(
        actor=consultant,
        engagement=engagement_a,
        title="会议纪要",
        file=upload("n.txt", "讨论智慧园区的能源方案".encode()),
    )
    version_text_extract(version=other.current_version)
    _login(client, consultant)
    for q, expected in [
        (deliverable.code, deliverable.code),
        ("诊断", deliverable.code),
        ("能源方案", other.code),
    ]:
        page = client.get(reverse("documents:index"), {"q": q})
        assert (
            page.content.count(b'data-testid="document-row"') == 1
            and expected.encode() in page.content
        )


@pytest.mark.parametrize("size", [2, 12])
def test_index_query_count_is_flat(
    client, consultant, engagement_a, django_assert_max_num_queries, size
):
    for n in range(size):
        svc.document_create(
            actor=consultant,
            engagement=engagement_a,
            title=f"文档 {n}",
            file=upload(f"{n}.txt", f"text {n}".encode()),
        )
    _login(client, consultant)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("documents:index")).status_code == 200
    with django_assert_max_num_queries(22):
        assert (
            client.get(reverse("documents:engagement", args=[engagement_a.pk])).status_code == 200
        )
