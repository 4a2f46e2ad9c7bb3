"""A 4-gram index on document codes, so a code fragment (``RPT-0012``) is found without
reading the trigram lists every code shares (P7). PostgreSQL only; SQLite scans."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        # On the expression core.search.HasQuadgrams filters by.
        "CREATE INDEX IF NOT EXISTS documents_document_code_quadgram ON documents_document "
        "USING gin (engageqc_quadgrams(UPPER(code::text)))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS documents_document_code_quadgram")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_search_trigram_indexes"),
        ("core", "0007_search_quadgrams_function"),
    ]

    operations = [migrations.RunPython(create, drop)]
