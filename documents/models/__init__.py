"""Documents and their immutable versions (DOC-1, DOC-2)."""

from documents.models.documents import Document, DocumentVersion, version_upload_to

__all__ = ["Document", "DocumentVersion", "version_upload_to"]
