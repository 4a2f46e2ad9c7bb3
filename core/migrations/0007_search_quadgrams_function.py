"""The ``engageqc_quadgrams`` SQL function behind the 4-gram indexes on short code columns
(document codes, complaint references; P7). PostgreSQL only; SQLite searches with a plain scan.

Trigrams of codes are shared by nearly every row (every document code holds ``RPT-`` and a
run of zeros), so a trigram search for a code fragment reads posting lists of the whole table.
Four characters together are rare; a GIN index over the set of 4-grams finds a fragment of
four or more characters by reading only the short lists."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION engageqc_quadgrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(value, i, 4)), '{}')
    FROM generate_series(1, length(value) - 3) AS i
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP FUNCTION IF EXISTS engageqc_quadgrams(text)")


class Migration(migrations.Migration):
    dependencies = [("core", "0006_webhooks")]

    operations = [migrations.RunPython(create, drop)]
