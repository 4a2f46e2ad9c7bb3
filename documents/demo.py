"""Demo documents for `make run`: classified documents with versions, a release to the
client, client materials (one held, one returned with a certificate), an archive package and
a document audit. Idempotent: nothing is added to an engagement that already has documents."""

from __future__ import annotations

from django.core.files.base import ContentFile

from documents.choices import Confidentiality, DeliverableType, MaterialForm
from documents.services import archive, materials
from documents.services import documents as svc
from documents.services.text import version_text_extract
from engagements.models import Engagement
from staff.models import User


def _pdf(text: str) -> bytes:
    stream = f"BT /F1 16 Tf 20 60 Td ({text}) Tj ET"
    return (
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 400 144]/Contents 4 0 R"
        "/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
        f"4 0 obj<</Length {len(stream)}>>stream\n{stream}\nendstream endobj\n"
        "5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
        "trailer<</Root 1 0 R>>\n%%EOF\n"
    ).encode()


def _file(name: str, data: bytes) -> ContentFile[bytes]:
    return ContentFile(data, name=name)


def seed(users: dict[str, User]) -> None:
    pm, consultant = users["pm"], users["consultant"]
    first = Engagement.objects.filter(code="ENG-2026-001").first()
    if first is not None and not first.documents.exists():
        report = svc.document_create(
            actor=consultant,
            engagement=first,
            title="数字化转型现状诊断报告",
            deliverable_type=DeliverableType.REPORT,
            project_stage=first.stage,
            client_requirement="合同附件一 第 2 条：现状诊断",
            is_deliverable=True,
            confidentiality=Confidentiality.CONFIDENTIAL,
            file=_file("现状诊断报告.pdf", _pdf("Diagnosis report draft")),
            change_note="初稿，供内部校审",
        )
        svc.document_version_upload(
            actor=consultant,
            document=report,
            file=_file("现状诊断报告.pdf", _pdf("Diagnosis report revised after review")),
            change_note="按专业负责人意见修改第 3 章",
        )
        minutes = svc.document_create(
            actor=pm,
            engagement=first,
            title="项目启动会会议纪要",
            deliverable_type=DeliverableType.MINUTES,
            project_stage="kickoff",
            file=_file(
                "启动会纪要.txt", "项目启动会纪要：确认调研计划、访谈名单与周报机制。".encode()
            ),
        )
        svc.document_release(actor=pm, version=minutes.current_version)  # type: ignore[arg-type]
        svc.document_create(
            actor=pm,
            engagement=first,
            title="报价测算底稿",
            deliverable_type=DeliverableType.CALCULATION,
            confidentiality=Confidentiality.SECRET,
            file=_file("报价测算.csv", "项目,人天,单价\n调研,20,3000\n".encode()),
        )
        materials.client_material_register(
            actor=consultant,
            engagement=first,
            description="华信 2023—2025 年生产经营台账（纸质）",
            form=MaterialForm.PAPER,
            quantity="3 册",
            received_from="华信 周女士",
        )
        for version_id in report.versions.values_list("pk", flat=True):
            version_text_extract(version=report.versions.get(pk=version_id))
    second = Engagement.objects.filter(code="ENG-2026-002").first()
    if second is not None and not second.documents.exists():
        svc.document_create(
            actor=pm,
            engagement=second,
            title="精益生产体系诊断报告（终稿）",
            deliverable_type=DeliverableType.REPORT,
            project_stage=second.stage,
            is_deliverable=True,
            file=_file("精益诊断终稿.pdf", _pdf("Lean production diagnosis final")),
            change_note="终稿",
        )
        material = materials.client_material_register(
            actor=pm,
            engagement=second,
            description="产线工艺图纸电子版（U 盘一枚）",
            form=MaterialForm.ELECTRONIC,
            quantity="1 枚",
            received_from="华信 设备部",
        )
        materials.client_materials_service_ended(actor=pm, engagement=second)
        materials.client_material_dispose(
            actor=pm,
            material=material,
            outcome="returned",
            method="当面交还 U 盘，双方签字",
            counterparty="华信 设备部 王工",
        )
        package = archive.archive_package_request(actor=pm, engagement=second)
        archive.archive_package_build(package=package)
        archive.document_audit_run()
