"""Trigram indexes for complaint search by reference, subject and description (Chinese and
English substrings, pg_trgm, P7). PostgreSQL only; SQLite searches with a plain scan."""

from django.db import migrations

INDEXES = [
    ("clients_complaint_reference_trgm", "reference"),
    ("clients_complaint_subject_trgm", "subject"),
    ("clients_complaint_description_trgm", "description"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        # On the expression Django's icontains filters by: UPPER(col::text) LIKE UPPER(…).
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON clients_complaint "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("clients", "0007_default_retention_schedule")]

    operations = [migrations.RunPython(create, drop)]
