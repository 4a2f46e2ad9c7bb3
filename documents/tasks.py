"""Celery tasks of the documents app (thin: fetch by id, call one service). The sweeps pick up
work whose publish was lost (SEC-29)."""

from __future__ import annotations

import logging

from celery import shared_task

from documents.models import ArchivePackage, DocumentVersion
from documents.services import archive, text

logger = logging.getLogger("engageqc.documents")


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def extract_version_text(version_id: int) -> None:
    version = DocumentVersion.objects.filter(pk=version_id).first()
    if version is not None:
        text.version_text_extract(version=version)


@shared_task(acks_late=True)
def extract_text_sweep() -> int:
    ids = text.versions_without_text()
    for version in DocumentVersion.objects.filter(pk__in=ids):
        text.version_text_extract(version=version)
    return len(ids)


def _build(package_id: int) -> None:
    package = ArchivePackage.objects.filter(pk=package_id).first()
    if package is None:
        return
    try:
        archive.archive_package_build(package=package)
    except Exception as exc:  # a missing file or a full disk: shown on the page, retry by hand
        logger.exception("Archive package %s failed", package_id)
        archive.archive_package_fail(package=package, error=str(exc))


@shared_task(acks_late=True)
def build_archive_package(package_id: int) -> None:
    _build(package_id)


@shared_task(acks_late=True)
def archive_package_sweep() -> int:
    ids = archive.pending_package_ids()
    for package_id in ids:
        _build(package_id)
    return len(ids)


@shared_task(acks_late=True)
def document_audit() -> int:
    return archive.document_audit_run().pk
