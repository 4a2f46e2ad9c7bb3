"""Documents and their immutable versions (DOC-1, DOC-2), releases, downloads and extracted
text (DOC-3), client materials (DOC-5), archive packages and audits (DOC-4, DOC-6)."""

from documents.models.access import DocumentRelease, DownloadLog, VersionText
from documents.models.archive import ArchivePackage, AuditFinding, DocumentAudit
from documents.models.documents import Document, DocumentVersion, version_upload_to
from documents.models.materials import ClientMaterial
from documents.models.settings import DocumentSettings, document_settings

__all__ = [
    "ArchivePackage",
    "AuditFinding",
    "ClientMaterial",
    "Document",
    "DocumentAudit",
    "DocumentRelease",
    "DocumentSettings",
    "DocumentVersion",
    "DownloadLog",
    "VersionText",
    "document_settings",
    "version_upload_to",
]
