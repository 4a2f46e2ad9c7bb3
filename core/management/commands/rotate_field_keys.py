"""Re-encrypt every encrypted column under the first key of ENGAGEQC_FIELD_KEYS (SEC-26).

Rotation: put the new key first (keep the old one after it), deploy, run this command, then
remove the old key. Values still in clear text (written before encryption) get encrypted.
Safe to run again: values already under the first key are simply re-encrypted."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core.crypto import EncryptedTextField, rotate


class Command(BaseCommand):
    help = "Re-encrypt personal data under the newest ENGAGEQC_FIELD_KEYS key."

    def handle(self, *args: Any, **options: Any) -> None:
        quote = connection.ops.quote_name
        total = 0
        for model in apps.get_models():
            columns = [
                f.column for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
            ]
            if not columns:
                continue
            table = quote(model._meta.db_table)
            pk = quote(str(model._meta.pk.column))
            selected = ", ".join(quote(str(c)) for c in columns)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SELECT {pk}, {selected} FROM {table}")  # noqa: S608
                rows = cursor.fetchall()
                for row in rows:
                    values = [rotate(v) if v else v for v in row[1:]]
                    assignments = ", ".join(f"{quote(str(c))} = %s" for c in columns)
                    cursor.execute(
                        f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                        [*values, row[0]],
                    )
                total += len(rows)
            self.stdout.write(f"{model._meta.label}: {len(rows)} rows")
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} rows."))
