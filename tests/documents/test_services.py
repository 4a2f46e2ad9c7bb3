"""Documents, versions, releases, client materials, archive packages and audits through their
services (DOC-1 … DOC-6)."""

from __future__ import annotations

import zipfile

import pytest
from django.utils import timezone

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.models import SlaClock
from documents.choices import MaterialForm, MaterialStatus, PackageStatus
from documents.models import ArchivePackage, AuditFinding, DocumentSettings, VersionText
from documents.services import archive, materials, text
from documents.services import documents as svc
from documents.tasks import build_archive_package, document_audit, extract_version_text
from tests.documents.conftest import docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def test_doc1_code_follows_the_admins_naming_convention(engagement_a, consultant, deliverable):
    """DOC-1: classified, coded from the convention; the admin changes the convention."""
    assert deliverable.code == f"{engagement_a.code}-RPT-001"
    assert deliverable.service_content == engagement_a.service_type
    DocumentSettings.objects.create(pk=1, naming_pattern="{scope}/{year}/{type}-{seq:02d}")
    second = svc.document_create(
        actor=consultant,
        engagement=engagement_a,
        title="计划",
        deliverable_type="plan",
        project_stage="execution",
        client_requirement="需求 3.2",
    )
    assert second.code == f"{engagement_a.code}/{timezone.localdate().year}/PLN-01"
    assert second.project_stage == "execution" and second.client_requirement == "需求 3.2"


def test_doc1_bad_convention_is_refused(admin_user):
    assert svc.pattern_problem("{scope}-{seq}") is None
    assert svc.pattern_problem("{scope}") is not None
    assert svc.pattern_problem("{scope.__class__}-{seq}") is not None


def test_doc1_firm_document_uses_the_firm_prefix(qa_manager, consultant):
    doc = svc.document_create(actor=qa_manager, engagement=None, title="质量手册")
    assert doc.code == "FIRM-OTH-001"
    with pytest.raises(ForbiddenError):
        svc.document_create(actor=consultant, engagement=None, title="x")


def test_doc2_versions_are_immutable_with_checksum_author_and_note(deliverable, consultant):
    """DOC-2: every upload a new version; current explicit; old stays; identical refused."""
    first = deliverable.current_version
    assert first.number == 1 and len(first.sha256) == 64 and first.size > 0
    assert first.author == consultant and first.change_note == "初稿"
    second = svc.document_version_upload(
        actor=consultant,
        document=deliverable,
        file=upload("v2.pdf", pdf_bytes("second")),
        change_note="修订",
    )
    deliverable.refresh_from_db()
    assert deliverable.current_version == second and second.number == 2
    assert first.file.open("rb").read() == pdf_bytes("first")
    with pytest.raises(ValueError):
        first.save()
    with pytest.raises(ValueError):
        first.delete()
    with pytest.raises(ConflictError, match="identical to version 1"):
        svc.document_version_upload(
            actor=consultant, document=deliverable, file=upload("again.pdf", pdf_bytes("first"))
        )
    assert deliverable.versions.count() == 2
    svc.document_set_current(actor=consultant, version=first)
    deliverable.refresh_from_db()
    assert deliverable.current_version == first


def test_doc2_outsider_cannot_upload(deliverable, other_client_user, outsider):
    for user in (other_client_user, outsider):
        with pytest.raises(ForbiddenError):
            svc.document_version_upload(
                actor=user, document=deliverable, file=upload("x.pdf", pdf_bytes("x"))
            )


def test_doc3_deliverable_release_needs_a_registered_guard(deliverable, project_manager):
    """DOC-3: a deliverable is released only when a registered guard allows it."""
    with pytest.raises(ConflictError):
        svc.document_release(actor=project_manager, version=deliverable.current_version)

    def refuse(version):
        return "未通过三级校审"

    svc.register_release_guard(refuse)
    try:
        with pytest.raises(ConflictError, match="未通过三级校审"):
            svc.document_release(actor=project_manager, version=deliverable.current_version)
    finally:
        svc.unregister_release_guard(refuse)


def test_doc3_release_by_manager_only_and_once(
    deliverable, project_manager, consultant, allow_release
):
    with pytest.raises(ForbiddenError):
        svc.document_release(actor=consultant, version=deliverable.current_version)
    release = svc.document_release(actor=project_manager, version=deliverable.current_version)
    assert release.client_id == deliverable.engagement.client_id
    with pytest.raises(ConflictError):
        svc.document_release(actor=project_manager, version=deliverable.current_version)


def test_search_text_is_extracted_from_docx_pdf_and_txt(engagement_a, consultant):
    doc = svc.document_create(
        actor=consultant,
        engagement=engagement_a,
        title="纪要",
        file=upload("纪要.docx", docx_bytes("关于智慧园区的会议纪要")),
    )
    extract_version_text.apply(args=[doc.current_version_id])
    row = VersionText.objects.get(version=doc.current_version)
    assert "智慧园区" in row.content and row.method == "ooxml"
    pdf = svc.document_create(
        actor=consultant,
        engagement=engagement_a,
        title="pdf",
        file=upload("a.pdf", pdf_bytes("Feasibility")),
    )
    row = text.version_text_extract(version=pdf.current_version)
    if row.method == "pdftotext":
        assert "Feasibility" in row.content


def test_doc5_materials_clock_consent_and_certificate(engagement_a, consultant, project_manager):
    """DOC-5: registered on receipt; 7-day clock at service end; return recorded with a
    certificate; no copy kept without the client's written consent."""
    material = materials.client_material_register(
        actor=consultant,
        engagement=engagement_a,
        description="地块测绘图纸 12 张",
        form=MaterialForm.PAPER,
        received_from="甲方 周女士",
        quantity="12 张",
    )
    assert material.status == MaterialStatus.HELD
    with pytest.raises(ForbiddenError):
        materials.client_materials_service_ended(actor=consultant, engagement=engagement_a)
    assert (
        materials.client_materials_service_ended(actor=project_manager, engagement=engagement_a)
        == 1
    )
    assert (
        materials.client_materials_service_ended(actor=project_manager, engagement=engagement_a)
        == 0
    )
    clock = SlaClock.objects.get(object_id=material.pk, policy__code="client_material_return")
    assert clock.state == SlaClock.State.RUNNING
    assert (clock.due_at - clock.started_at).days == 7
    with pytest.raises(ConflictError, match="written consent"):
        materials.client_material_dispose(
            actor=consultant,
            material=material,
            outcome="returned",
            method="当面交还",
            counterparty="周女士",
            keep_copy=True,
        )
    materials.client_material_record_consent(
        actor=project_manager, material=material, reference="客户函 2026-031", given_by="周女士"
    )
    material = materials.client_material_dispose(
        actor=consultant,
        material=material,
        outcome="returned",
        method="当面交还",
        counterparty="周女士",
        keep_copy=True,
    )
    assert material.certificate_number.endswith("-R") and material.disposed_by == consultant
    clock.refresh_from_db()
    assert clock.state == SlaClock.State.MET
    with pytest.raises(ConflictError):
        materials.client_material_dispose(
            actor=consultant,
            material=material,
            outcome="destroyed",
            method="碎纸",
            counterparty="x",
        )


def test_doc4_archive_package_with_manifest_and_completeness(
    engagement_a, project_manager, consultant, deliverable
):
    """DOC-4: ZIP with deliverables, acceptance and communication records, a manifest with
    checksums; the completeness check lists what is missing."""
    missing = {r.key for r in archive.missing_requirements(engagement_a)}
    assert {"acceptance", "communication"} <= missing and "deliverables" not in missing
    with pytest.raises(ForbiddenError):
        archive.archive_package_request(actor=consultant, engagement=engagement_a)
    package = archive.archive_package_request(actor=project_manager, engagement=engagement_a)
    build_archive_package.apply(args=[package.pk])
    package.refresh_from_db()
    assert package.status == PackageStatus.READY and len(package.sha256) == 64
    with package.file.open("rb") as handle, zipfile.ZipFile(handle) as zf:
        names = zf.namelist()
        assert "manifest.json" in names and "acceptance/acceptance.json" in names
        deliverable_entry = next(e for e in package.manifest if e.get("version_id"))
        assert deliverable_entry["sha256"] == deliverable.current_version.sha256
    assert {m["key"] for m in package.missing} >= {"acceptance"}


def test_doc6_audit_reverifies_checksums(engagement_a, project_manager, deliverable, consultant):
    """DOC-6: the periodic audit re-hashes archived files and lists what it found."""
    package = archive.archive_package_request(actor=project_manager, engagement=engagement_a)
    archive.archive_package_build(package=package)
    with pytest.raises(ForbiddenError):
        archive.document_audit_run(actor=consultant)
    first = archive.document_audit_run()
    kinds = set(first.findings.values_list("kind", flat=True))
    assert AuditFinding.Kind.CHECKSUM not in kinds and first.packages_checked == 1
    # Tamper with the stored deliverable: the next audit finds it.
    path = deliverable.current_version.file.path
    with open(path, "ab") as handle:  # noqa: PTH123
        handle.write(b"tampered")
    second_id = document_audit.apply().get()
    findings = AuditFinding.objects.filter(audit_id=second_id, kind=AuditFinding.Kind.CHECKSUM)
    assert findings.filter(detail__contains=deliverable.code).exists()


def test_sec17_refusals_leave_nothing_behind(engagement_a, consultant):
    with pytest.raises(ApplicationError):
        svc.document_create(
            actor=consultant,
            engagement=engagement_a,
            title="x",
            file=upload("page.html", b"<html><script>alert(1)</script></html>"),
        )
    assert not ArchivePackage.objects.exists()
    assert not engagement_a.documents.exists()


def test_doc5_engagement_does_not_close_while_materials_are_held(engagement_a, consultant):
    from engagements.choices import Stage
    from engagements.services.lifecycle import GUARDS

    assert materials.materials_before_close in GUARDS[Stage.CLOSED]
    assert materials.materials_before_close(engagement_a) is None
    materials.client_material_register(
        actor=consultant,
        engagement=engagement_a,
        description="图纸",
        form="paper",
        received_from="甲方",
    )
    assert "returned or destroyed" in materials.materials_before_close(engagement_a)


def test_doc5_the_clients_acceptance_starts_the_return_clock(
    django_capture_on_commit_callbacks,
    project_manager,
    technical_director,
    legal_reviewer,
    client_user,
    client_a,
):
    """DOC-5: the service ends when the client passes the acceptance, so the 7-day clock starts
    then for every material still held — nobody has to remember to press "Service ended"."""
    from engagements.choices import Stage
    from engagements.services import lifecycle
    from tests.engagements.test_closing import request_round, verdict, walk
    from tests.factories import UserFactory

    engagement = lifecycle.engagement_intake(
        actor=project_manager,
        client=client_a,
        title="资料保管",
        service_type="management",
        source="market_research",
    )
    users = {
        "pm": project_manager,
        "technical_director": technical_director,
        "legal_reviewer": legal_reviewer,
        "signer": UserFactory(username="signer", roles=["admin"]),
        "client": client_user,
    }
    engagement = walk(Stage.ACCEPTANCE, engagement, users)
    held = materials.client_material_register(
        actor=project_manager,
        engagement=engagement,
        description="财务报表原件",
        form=MaterialForm.PAPER,
        received_from="甲方 财务部",
        quantity="3 册",
    )
    assert not SlaClock.objects.filter(object_id=held.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        round_ = verdict(client_user, request_round(engagement, project_manager), "pass")
    held.refresh_from_db()
    round_.refresh_from_db()
    assert held.service_ended_at == round_.verdict_at
    clock = SlaClock.objects.get(object_id=held.pk, policy__code="client_material_return")
    assert clock.state == SlaClock.State.RUNNING and clock.started_at == round_.verdict_at
    # The manual action afterwards starts nothing twice.
    assert (
        materials.client_materials_service_ended(actor=project_manager, engagement=engagement) == 0
    )
