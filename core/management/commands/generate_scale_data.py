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

from core.bulkload import gin_indexes_rebuilt_after

SIZES = {
    "clients": 2_000,
    "managers": 200,
    "engagements": 100_000,
    "milestones": 500_000,  # five per engagement, each with a progress entry: 1M rows in all
    "complaints": 300_000,
    "documents": 200_000,
    "audits": 50_000,
    "clocks": 1_000_000,
}
# What depends on the scale clients, managers and engagements, deleted first (in this order)
# when the base has to be rebuilt at another size.
CLEAR = [
    "DELETE FROM engagements_progressentry WHERE milestone_id IN (SELECT m.id FROM "
    "engagements_milestone m JOIN engagements_engagement e ON e.id = m.engagement_id "
    "WHERE e.code LIKE 'SCALE-%%')",
    "DELETE FROM engagements_milestone WHERE engagement_id IN "
    "(SELECT id FROM engagements_engagement WHERE code LIKE 'SCALE-%%')",
    "DELETE FROM core_slaclock WHERE object_id IN "
    "(SELECT id FROM clients_complaint WHERE reference LIKE 'SC%%')",
    "DELETE FROM clients_complaint WHERE reference LIKE 'SC%%'",
    "UPDATE documents_document SET current_version_id = NULL WHERE code LIKE 'SCALE-DOC-%%'",
    "DELETE FROM documents_documentversion WHERE document_id IN "
    "(SELECT id FROM documents_document WHERE code LIKE 'SCALE-DOC-%%')",
    "DELETE FROM documents_document WHERE code LIKE 'SCALE-DOC-%%'",
    "DELETE FROM quality_audit WHERE code LIKE 'SCALE-AUD-%%'",
    "DELETE FROM engagements_engagement WHERE code LIKE 'SCALE-%%'",
    "DELETE FROM clients_client WHERE code LIKE 'scale-%%'",
    "DELETE FROM staff_user WHERE username LIKE 'scale-pm-%%'",
]


class Command(BaseCommand):
    help = (
        "Generate the benchmark data set of PERFORMANCE.md (clients, staff, engagements, "
        "milestones and progress, complaints, documents, audits, SLA clocks) in PostgreSQL."
    )

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
            have = _count(
                cursor, "SELECT count(*) FROM engagements_engagement WHERE code LIKE 'SCALE-%%'"
            )
            if have != sizes["engagements"]:
                for statement in CLEAR:
                    cursor.execute(statement, [])
                self._base(cursor, sizes)
            for part in PARTS:
                part(cursor, sizes)
            cursor.execute(
                "ANALYZE engagements_milestone; ANALYZE engagements_progressentry; "
                "ANALYZE clients_complaint; ANALYZE documents_document; "
                "ANALYZE documents_documentversion; ANALYZE quality_audit; ANALYZE core_slaclock"
            )
        self.stdout.write(f"generated {sizes} in {time.perf_counter() - started:.1f} s")

    def _base(self, cursor: Any, sizes: dict[str, int]) -> None:
        """Clients, project managers and engagements."""
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
        cursor.execute("ANALYZE clients_client; ANALYZE staff_user; ANALYZE engagements_engagement")


def _count(cursor: Any, sql: str) -> int:
    cursor.execute(sql, [])
    return int(cursor.fetchone()[0])


def _milestones(cursor: Any, sizes: dict[str, int]) -> None:
    """Five milestones per engagement (research … execution), each with one progress entry:
    PERFORMANCE.md's 1,000,000 milestones/progress entries at full size."""
    cursor.execute(
        """
        INSERT INTO engagements_milestone (created_at, updated_at, phase, title, planned_date,
            actual_date, deliverables, "order", engagement_id, owner_id)
        SELECT e.created_at, e.created_at,
               (ARRAY['research','analysis','solution_design','solution_review','execution'])[k],
               '里程碑 ' || k, date '2024-01-01' + (e.id %% 365)::int + k * 20,
               CASE WHEN k <= 2 THEN date '2024-01-01' + (e.id %% 365)::int + k * 21 END,
               '阶段成果 ' || k, k, e.id, e.project_manager_id
        FROM engagements_engagement e, generate_series(1, %s) AS k
        WHERE e.code LIKE 'SCALE-%%'
        """,
        [sizes["milestones"] // max(1, sizes["engagements"])],
    )
    cursor.execute(
        """
        INSERT INTO engagements_progressentry (at, percent_complete, note, author_id, milestone_id)
        SELECT m.created_at + interval '3 days', (m.id * 37) %% 101, '本周完成访谈与资料收集',
               m.owner_id, m.id
        FROM engagements_milestone m JOIN engagements_engagement e ON e.id = m.engagement_id
        WHERE e.code LIKE 'SCALE-%%'
        """,
        [],
    )


def _complaints(cursor: Any, sizes: dict[str, int]) -> None:
    """Complaints spread over the scale clients, in every status (references SC…, as the P3
    bench fills them)."""
    cursor.execute(
        """
        WITH c AS (SELECT array_agg(id ORDER BY id) AS ids FROM clients_client
                   WHERE code LIKE 'scale-%%')
        INSERT INTO clients_complaint (created_at, updated_at, reference, channel, nature,
            severity, status, subject, description, contact_name, received_at, closed_at,
            process_problem, reopen_count, client_id)
        SELECT now(), now(), 'SC' || lpad(g::text, 9, '0'), 'portal',
               (ARRAY['service','deliverable','timeliness','conduct','billing','other'])[1 + g %% 6],
               'general', (ARRAY['received','responded','analysed','closed'])[1 + g %% 4],
               '规模投诉 ' || g, '规模投诉的描述 ' || g, '联系人',
               timestamptz '2024-01-01' + (g || ' minutes')::interval,
               CASE WHEN g %% 4 = 3 THEN timestamptz '2024-01-02' + (g || ' minutes')::interval END,
               false, 0, c.ids[1 + (g::bigint * 7919) %% array_length(c.ids, 1)]
        FROM generate_series(1, %s) AS g, c
        ON CONFLICT (reference) DO NOTHING
        """,
        [sizes["complaints"]],
    )


def _documents(cursor: Any, sizes: dict[str, int]) -> None:
    """Documents of the scale engagements, each with one version that is its current one."""
    cursor.execute(
        """
        WITH e AS (SELECT array_agg(id ORDER BY id) AS ids FROM engagements_engagement
                   WHERE code LIKE 'SCALE-%%'),
             u AS (SELECT array_agg(id ORDER BY id) AS ids FROM staff_user
                   WHERE username LIKE 'scale-pm-%%')
        INSERT INTO documents_document (created_at, updated_at, engagement_id, code, title,
            is_deliverable, confidentiality, project_stage, client_requirement, service_content,
            deliverable_type, created_by_id)
        SELECT now(), now(), e.ids[1 + (g::bigint * 7919) %% array_length(e.ids, 1)],
               'SCALE-DOC-' || lpad(g::text, 7, '0'),
               (ARRAY['调研报告','诊断报告','实施方案','可行性研究','评审意见'])[1 + g %% 5] || ' ' || g,
               g %% 3 = 0, (ARRAY['public','internal','confidential','secret'])[1 + g %% 4],
               '', '', '', 'report', u.ids[1 + g %% array_length(u.ids, 1)]
        FROM generate_series(1, %s) AS g, e, u
        """,
        [sizes["documents"]],
    )
    cursor.execute(
        """
        INSERT INTO documents_documentversion (document_id, number, file, original_name,
            content_type, size, sha256, change_note, author_id, created_at)
        SELECT d.id, 1, 'scale/none', 'report.pdf', 'application/pdf', 1024,
               md5(d.code) || md5(d.code), '', d.created_by_id, d.created_at
        FROM documents_document d WHERE d.code LIKE 'SCALE-DOC-%%'
        """,
        [],
    )
    cursor.execute(
        """
        UPDATE documents_document d SET current_version_id = v.id
        FROM documents_documentversion v
        WHERE v.document_id = d.id AND d.code LIKE 'SCALE-DOC-%%'
        """,
        [],
    )


def _audits(cursor: Any, sizes: dict[str, int]) -> None:
    """Audits over two years, most concluded with a score and a grade."""
    from quality.models import ChecklistTemplate

    template = ChecklistTemplate.objects.order_by("pk").first()
    if template is None:
        template = ChecklistTemplate.objects.create(name="规模检查表", code="scale")
    cursor.execute(
        """
        WITH u AS (SELECT array_agg(id ORDER BY id) AS ids FROM staff_user
                   WHERE username LIKE 'scale-pm-%%')
        INSERT INTO quality_audit (created_at, updated_at, code, kind, title, reason, planned_date,
            status, conclusion_score, conclusion_grade, concluded_at, created_by_id,
            lead_auditor_id, template_id)
        SELECT now(), now(), 'SCALE-AUD-' || lpad(g::text, 6, '0'),
               (ARRAY['scheduled','unscheduled','spot_check','special'])[1 + g %% 4],
               '质量检查 ' || g, '', date '2024-01-01' + (g %% 730),
               CASE WHEN g %% 10 = 0 THEN 'planned' ELSE 'concluded' END,
               CASE WHEN g %% 10 = 0 THEN NULL ELSE 55 + (g * 13) %% 45 END,
               CASE WHEN g %% 10 = 0 THEN ''
                    WHEN 55 + (g * 13) %% 45 >= 90 THEN 'excellent'
                    WHEN 55 + (g * 13) %% 45 >= 70 THEN 'qualified' ELSE 'unqualified' END,
               CASE WHEN g %% 10 = 0 THEN NULL
                    ELSE timestamptz '2024-01-01' + ((g %% 730) || ' days')::interval END,
               u.ids[1 + g %% array_length(u.ids, 1)], u.ids[1 + (g * 7) %% array_length(u.ids, 1)],
               %s
        FROM generate_series(1, %s) AS g, u
        """,
        [template.pk, sizes["audits"]],
    )


def _clocks(cursor: Any, sizes: dict[str, int]) -> None:
    """The four complaint clocks (CRM-3) of the scale complaints, up to the clock count: met
    ones for the past, 2% running and due in a month (none breaching: P5 builds its own)."""
    cursor.execute(
        """
        WITH p AS (SELECT id, code, target_minutes,
                          row_number() OVER (ORDER BY code) AS k
                   FROM core_slapolicy WHERE code LIKE 'complaint_%%'),
             ct AS (SELECT id FROM django_content_type
                    WHERE app_label = 'clients' AND model = 'complaint'),
             rows AS (
                SELECT c.id AS object_id, c.received_at, p.id AS policy_id, p.target_minutes,
                       row_number() OVER (ORDER BY c.id, p.k) AS n
                FROM clients_complaint c, p
                WHERE c.reference LIKE 'SC%%'
             )
        INSERT INTO core_slaclock (object_id, state, started_at, due_at, warn_at,
            consumed_minutes, target_minutes, run_started_at, warned_at, breached_at,
            escalation_level, met_at, cancelled_at, next_check_at, content_type_id, owner_id,
            policy_id)
        SELECT r.object_id,
               CASE WHEN r.n %% 50 = 0 THEN 'running' ELSE 'met' END,
               r.received_at,
               CASE WHEN r.n %% 50 = 0 THEN now() + interval '30 days'
                    ELSE r.received_at + (r.target_minutes || ' minutes')::interval END,
               NULL, CASE WHEN r.n %% 50 = 0 THEN 0 ELSE r.target_minutes / 2 END,
               r.target_minutes,
               CASE WHEN r.n %% 50 = 0 THEN now() END, NULL, NULL, 0,
               CASE WHEN r.n %% 50 = 0 THEN NULL
                    ELSE r.received_at + ((r.target_minutes / 2) || ' minutes')::interval END,
               NULL,
               CASE WHEN r.n %% 50 = 0 THEN now() + interval '29 days' END,
               ct.id, NULL, r.policy_id
        FROM rows r, ct WHERE r.n <= %s
        ON CONFLICT DO NOTHING
        """,
        [sizes["clocks"]],
    )


def _part(check: str, build: Any, key: str, gin_tables: tuple[str, ...] = ()) -> Any:
    """Run ``build`` unless ``check`` already counts the part's full size (idempotent); the
    search indexes of ``gin_tables`` are built once after the load, not row by row."""

    def run(cursor: Any, sizes: dict[str, int]) -> None:
        if _count(cursor, check) < sizes[key]:
            with gin_indexes_rebuilt_after(cursor, *gin_tables):
                build(cursor, sizes)

    return run


PARTS = [
    _part(
        "SELECT count(*) FROM engagements_milestone m JOIN engagements_engagement e "
        "ON e.id = m.engagement_id WHERE e.code LIKE 'SCALE-%%'",
        _milestones,
        "milestones",
    ),
    _part(
        "SELECT count(*) FROM clients_complaint WHERE reference LIKE 'SC%%'",
        _complaints,
        "complaints",
        ("clients_complaint",),
    ),
    _part(
        "SELECT count(*) FROM documents_document WHERE code LIKE 'SCALE-DOC-%%'",
        _documents,
        "documents",
        ("documents_document",),
    ),
    _part("SELECT count(*) FROM quality_audit WHERE code LIKE 'SCALE-AUD-%%'", _audits, "audits"),
    _part(
        "SELECT count(*) FROM core_slaclock k JOIN clients_complaint c ON c.id = k.object_id "
        "AND c.reference LIKE 'SC%%'",
        _clocks,
        "clocks",
    ),
]
