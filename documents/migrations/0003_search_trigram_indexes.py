"""Trigram indexes for document search by code, title and extracted text (Chinese and English
substrings, pg_trgm). PostgreSQL only; SQLite searches with a plain scan."""

from django.db import migrations

INDEXES = [
    ("documents_document_code_trgm", "documents_document", "code"),
    ("documents_document_title_trgm", "documents_document", "title"),
    ("documents_versiontext_content_trgm", "documents_versiontext", "content"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            # On the expression Django's icontains filters by: UPPER(col::text) LIKE UPPER(…).
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_classification_access_custody_archive")]

    operations = [migrations.RunPython(create, drop)]
