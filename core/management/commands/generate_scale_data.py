"""Build the PERFORMANCE.md data set (the parts the product has so far) deterministically
and fast, with set-based SQL on PostgreSQL. Refuses SQLite, and refuses a database that
already holds data unless --force.

Benchmark data only: the raw SQL writes no django-simple-history rows on purpose (SEC-16
covers domain records changed by people and the product; synthetic load data has no history
to keep, and writing it would double the generation time)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

SIZES = {"clients": 2_000, "managers": 200, "engagements": 100_000}


class Command(BaseCommand):
    help = "Generate the benchmark data set (clients, staff, engagements) in PostgreSQL."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Fraction of the full size (e.g. 0.1)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even if the database holds data."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "generate_scale_data needs PostgreSQL (set DATABASE_URL=postgres://…)."
            )
        from engagements.models import Engagement

        if Engagement.objects.exclude(code__startswith="SCALE-").exists() and not options["force"]:
            raise CommandError(
                "This database holds engagements that are not scale data; use --force to add anyway."
            )
        scale = options["scale"]
        sizes = {key: max(1, int(value * scale)) for key, value in SIZES.items()}
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM engagements_engagement WHERE code LIKE 'SCALE-%%'")
            if cursor.fetchone()[0] >= sizes["engagements"]:
                self.stdout.write("scale data already present")
                return
            cursor.execute("DELETE FROM engagements_engagement WHERE code LIKE 'SCALE-%%'")
            cursor.execute("DELETE FROM clients_client WHERE code LIKE 'scale-%%'")
            cursor.execute("DELETE FROM staff_user WHERE username LIKE 'scale-pm-%%'")
            # Deterministic: every value is a function of the row number g.
            cursor.execute(
                """
                INSERT INTO clients_client (code, name, industry, created_at, updated_at)
                SELECT 'scale-' || g, '规模客户' || g || '有限公司',
                       (ARRAY['制造业','金融','城市建设','能源','医疗'])[1 + g %% 5], now(), now()
                FROM generate_series(1, %s) AS g
                """,
                [sizes["clients"]],
            )
            cursor.execute(
                """
                INSERT INTO staff_user (password, is_superuser, username, first_name, last_name, email,
                    is_staff, is_active, date_joined, display_name, language)
                SELECT '!', false, 'scale-pm-' || g, '', '', '', false, true, now(), '经理' || g, 'zh-hans'
                FROM generate_series(1, %s) AS g
                """,
                [sizes["managers"]],
            )
            cursor.execute(
                """
                WITH c AS (SELECT array_agg(id ORDER BY id) AS ids FROM clients_client WHERE code LIKE 'scale-%%'),
                     u AS (SELECT array_agg(id ORDER BY id) AS ids FROM staff_user WHERE username LIKE 'scale-pm-%%')
                INSERT INTO engagements_engagement (code, title, client_id, service_type, stage, project_manager_id,
                    source, channel, contact_name, contact_details, question, is_major, held_stage,
                    created_at, updated_at)
                SELECT 'SCALE-' || lpad(g::text, 7, '0'), '规模项目 ' || g,
                       c.ids[1 + (g::bigint * 7919) %% array_length(c.ids, 1)],
                       (ARRAY['management','engineering','it','finance'])[1 + g %% 4],
                       (ARRAY['lead','feasibility','quotation','proposal','contract','kickoff','execution',
                              'delivery','acceptance','follow_up','closed'])[1 + (g::bigint * 31) %% 11],
                       u.ids[1 + (g::bigint * 104729) %% array_length(u.ids, 1)],
                       'market_research', '', '', '', '', false, '',
                       timestamptz '2024-01-01' + (g || ' minutes')::interval,
                       timestamptz '2024-01-01' + (g || ' minutes')::interval
                FROM generate_series(1, %s) AS g, c, u
                """,
                [sizes["engagements"]],
            )
            cursor.execute(
                "ANALYZE clients_client; ANALYZE staff_user; ANALYZE engagements_engagement"
            )
        self.stdout.write(
            f"generated {sizes} in {time.perf_counter() - started:.1f} s "
            "(complaints, documents, audits and milestones: not yet — their features are not built)"
        )
