"""A 4-gram index on complaint references, so a reference fragment (``TS-0004``) is found
without reading the trigram lists every reference shares (P7). PostgreSQL only; SQLite scans."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        # On the expression core.search.HasQuadgrams filters by.
        "CREATE INDEX IF NOT EXISTS clients_complaint_reference_quadgram ON clients_complaint "
        "USING gin (engageqc_quadgrams(UPPER(reference::text)))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS clients_complaint_reference_quadgram")


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0008_complaint_search_trigram_indexes"),
        ("core", "0007_search_quadgrams_function"),
    ]

    operations = [migrations.RunPython(create, drop)]
