"""Archive packages (成果包, DOC-4) and document audits (DOC-6).

``archive_completeness`` lists what the standard requires of an engagement's archive and
whether each is present. Other apps add requirements and package sections without this app
knowing them:

* ``register_archive_requirement(fn)`` — ``fn(engagement) -> list[Requirement]`` (the quality
  app: "every deliverable's current version passed its three-level review");
* ``register_archive_section(fn)`` — ``fn(engagement) -> list[tuple[path, bytes]]`` (the
  quality app: review records; clients: complaints…).

The ZIP is built in Celery (``archive_package_build``) with a ``manifest.json`` listing every
entry's SHA-256; ``document_audit_run`` later re-reads each package and each archived version
and compares the checksums.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, ForbiddenError
from core.tasking import publish_on_commit
from documents.choices import AuditOutcome, MaterialStatus, PackageStatus
from documents.models import (
    ArchivePackage,
    AuditFinding,
    Document,
    DocumentAudit,
    DocumentVersion,
)
from documents.permissions import can_build_archive, can_run_audit
from documents.services.uploads import sanitise_name
from engagements.models import AcceptanceRequest, Engagement, Meeting
from engagements.models.closing import AcceptanceStatus
from staff.models import User


@dataclass(frozen=True)
class Requirement:
    key: str
    label: str
    met: bool
    detail: str = ""


RequirementCheck = Callable[[Engagement], list[Requirement]]
SectionBuilder = Callable[[Engagement], list[tuple[str, bytes]]]
REQUIREMENTS: list[RequirementCheck] = []
SECTIONS: list[SectionBuilder] = []


def register_archive_requirement(check: RequirementCheck) -> None:
    if check not in REQUIREMENTS:
        REQUIREMENTS.append(check)


def register_archive_section(builder: SectionBuilder) -> None:
    if builder not in SECTIONS:
        SECTIONS.append(builder)


def archive_completeness(engagement: Engagement) -> list[Requirement]:
    """What the archive must hold (DOC-4) and whether it does; a few queries, any size."""
    deliverables = Document.objects.filter(engagement=engagement, is_deliverable=True)
    without_version = list(
        deliverables.filter(current_version__isnull=True).values_list("code", flat=True)
    )
    passed = AcceptanceRequest.objects.filter(
        engagement=engagement, status=AcceptanceStatus.PASSED
    ).exists()
    held = engagement.client_materials.filter(status=MaterialStatus.HELD).count()
    meetings = Meeting.objects.filter(engagement=engagement).count()
    found = [
        Requirement("deliverables", _("Deliverables"), deliverables.exists()),
        Requirement(
            "deliverable_versions",
            _("A current version of every deliverable"),
            not without_version,
            ", ".join(without_version),
        ),
        Requirement("acceptance", _("Acceptance record (passed)"), passed),
        Requirement(
            "communication",
            _("Communication records (meetings)"),
            meetings > 0,
        ),
        Requirement(
            "client_materials",
            _("Client materials returned or destroyed"),
            held == 0,
            _("%(count)s still held") % {"count": held} if held else "",
        ),
    ]
    for check in REQUIREMENTS:
        found.extend(check(engagement))
    return found


def missing_requirements(engagement: Engagement) -> list[Requirement]:
    return [r for r in archive_completeness(engagement) if not r.met]


@transaction.atomic
def archive_package_request(*, actor: User, engagement: Engagement) -> ArchivePackage:
    """Queue a package build; the ZIP is made in Celery."""
    if not can_build_archive(actor, engagement):
        raise ForbiddenError(_("You may not build this engagement's archive package."))
    if ArchivePackage.objects.filter(engagement=engagement, status=PackageStatus.PENDING).exists():
        raise ConflictError(_("A package for this engagement is already being built."))
    package = ArchivePackage.objects.create(engagement=engagement, requested_by=actor)
    from documents.tasks import build_archive_package

    publish_on_commit(build_archive_package, package.pk)
    return package


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _acceptance(engagement: Engagement) -> bytes:
    rounds = AcceptanceRequest.objects.filter(engagement=engagement).order_by("round")
    return json.dumps(
        [
            {
                "round": r.round,
                "requested_at": r.requested_at.isoformat(),
                "content": r.content,
                "criteria": r.criteria,
                "status": r.status,
                "verdict_at": r.verdict_at.isoformat() if r.verdict_at else None,
                "verdict_by": r.verdict_by_name,
                "reasons": r.reasons,
                "content_hash": r.content_hash,
            }
            for r in rounds
        ],
        ensure_ascii=False,
        indent=2,
    ).encode()


def _communication(engagement: Engagement) -> bytes:
    meetings = Meeting.objects.filter(engagement=engagement).order_by("held_at")
    return json.dumps(
        [
            {
                "kind": m.kind,
                "title": m.title,
                "held_at": m.held_at.isoformat(),
                "agenda": m.agenda,
                "minutes": m.minutes,
                "decisions": m.decisions,
            }
            for m in meetings
        ],
        ensure_ascii=False,
        indent=2,
    ).encode()


def archive_package_build(*, package: ArchivePackage) -> ArchivePackage:
    """Build the ZIP of a pending package; a ready package is left alone (idempotent)."""
    with transaction.atomic():
        package = ArchivePackage.objects.select_for_update().get(pk=package.pk)
        if package.status != PackageStatus.PENDING:
            return package
    engagement = package.engagement
    versions = (
        DocumentVersion.objects.filter(
            document__engagement=engagement, document__is_deliverable=True
        )
        .filter(pk__in=Document.objects.filter(engagement=engagement).values("current_version"))
        .select_related("document")
        .order_by("document__code")
    )
    manifest: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "package.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:

            def add(name: str, data: bytes, **extra: object) -> None:
                archive.writestr(name, data)
                manifest.append({"path": name, "sha256": _digest(data), "size": len(data), **extra})

            for version in versions:
                with version.file.open("rb") as source:
                    data = source.read()
                name = sanitise_name(
                    f"{version.document.code}_v{version.number}_{version.original_name}"
                )
                add(f"deliverables/{name}", data, version_id=version.pk)
            add("acceptance/acceptance.json", _acceptance(engagement))
            add("communication/meetings.json", _communication(engagement))
            for builder in SECTIONS:
                for name, data in builder(engagement):
                    add(name, data)
            missing = [asdict(r) for r in missing_requirements(engagement)]
            archive.writestr(
                "manifest.json",
                json.dumps(
                    {
                        "engagement": engagement.code,
                        "built_at": timezone.now().isoformat(),
                        "entries": manifest,
                        "missing": missing,
                    },
                    ensure_ascii=False,
                    indent=2,
                ),
            )
        with path.open("rb") as handle:
            digest = hashlib.sha256()
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
            handle.seek(0)
            with transaction.atomic():
                package = ArchivePackage.objects.select_for_update().get(pk=package.pk)
                if package.status != PackageStatus.PENDING:
                    return package
                package.file.save(f"{engagement.code}-archive.zip", File(handle), save=False)
                package.size = path.stat().st_size
                package.sha256 = digest.hexdigest()
                package.manifest = manifest
                package.missing = missing
                package.status = PackageStatus.READY
                package.built_at = timezone.now()
                package.save()
    return package


def archive_package_fail(*, package: ArchivePackage, error: str) -> ArchivePackage:
    ArchivePackage.objects.filter(pk=package.pk, status=PackageStatus.PENDING).update(
        status=PackageStatus.FAILED, error=error[:2000]
    )
    package.refresh_from_db()
    return package


def pending_package_ids() -> list[int]:
    return list(
        ArchivePackage.objects.filter(status=PackageStatus.PENDING)
        .order_by("id")
        .values_list("id", flat=True)[:50]
    )


# --- document audits (DOC-6) ---------------------------------------------------------------


def _file_digest(field: object) -> str | None:
    try:
        with field.open("rb") as handle:  # type: ignore[attr-defined]
            digest = hashlib.sha256()
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
            return digest.hexdigest()
    except (FileNotFoundError, OSError, ValueError):
        return None


def _latest_ready_packages() -> list[ArchivePackage]:
    """Each engagement's newest ready package, in one query on any database (no DISTINCT ON,
    so the SQLite default works too)."""
    ready = ArchivePackage.objects.filter(status=PackageStatus.READY)
    newer = ready.filter(engagement=OuterRef("engagement")).filter(
        Q(built_at__gt=OuterRef("built_at"))
        | Q(built_at=OuterRef("built_at"), pk__gt=OuterRef("pk"))
    )
    return list(ready.exclude(Exists(newer)).select_related("engagement"))


def document_audit_run(*, actor: User | None = None) -> DocumentAudit:
    """Check the latest package of every engagement: its ZIP's checksum, every entry against
    the manifest, every archived version's stored bytes against its SHA-256, and completeness.
    Problems become findings; the run is listed on the audits page."""
    if actor is not None and not can_run_audit(actor):
        raise ForbiddenError(_("Only the QA office or an administrator can run document audits."))
    audit = DocumentAudit.objects.create(run_by=actor)
    findings: list[AuditFinding] = []
    files = 0
    packages = _latest_ready_packages()

    def find(package: ArchivePackage, kind: str, detail: str) -> None:
        findings.append(AuditFinding(audit=audit, package=package, kind=kind, detail=detail[:500]))

    for package in packages:
        files += 1
        if _file_digest(package.file) is None:
            find(package, AuditFinding.Kind.MISSING_FILE, package.file.name or "")
            continue
        if _file_digest(package.file) != package.sha256:
            find(package, AuditFinding.Kind.CHECKSUM, _("package ZIP"))
        try:
            with package.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
                for entry in package.manifest:
                    files += 1
                    name = str(entry["path"])
                    try:
                        data = archive.read(name)
                    except KeyError:
                        find(package, AuditFinding.Kind.MISSING_FILE, name)
                        continue
                    if _digest(data) != entry["sha256"]:
                        find(package, AuditFinding.Kind.CHECKSUM, name)
        except zipfile.BadZipFile:
            find(package, AuditFinding.Kind.CHECKSUM, _("package ZIP"))
        version_ids = [e["version_id"] for e in package.manifest if e.get("version_id")]
        for version in DocumentVersion.objects.filter(pk__in=version_ids).select_related(
            "document"
        ):
            files += 1
            digest = _file_digest(version.file)
            label = f"{version.document.code} v{version.number}"
            if digest is None:
                find(package, AuditFinding.Kind.MISSING_FILE, label)
            elif digest != version.sha256:
                find(package, AuditFinding.Kind.CHECKSUM, label)
        for requirement in missing_requirements(package.engagement):
            detail = f"{requirement.label}{': ' + requirement.detail if requirement.detail else ''}"
            find(package, AuditFinding.Kind.INCOMPLETE, detail)
    AuditFinding.objects.bulk_create(findings)
    audit.packages_checked = len(packages)
    audit.files_checked = files
    audit.outcome = AuditOutcome.FINDINGS if findings else AuditOutcome.PASSED
    audit.finished_at = timezone.now()
    audit.save(update_fields=["packages_checked", "files_checked", "outcome", "finished_at"])
    return audit
