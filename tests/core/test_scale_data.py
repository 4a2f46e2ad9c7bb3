"""generate_scale_data: PostgreSQL only, deterministic, and it will not mix into real data."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from engagements.models import Engagement
from tests.factories import EngagementFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_sqlite() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("runs only where the database is not PostgreSQL")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("generate_scale_data", scale=0.001)


@pytest.mark.postgres
def test_it_builds_the_same_data_twice_and_refuses_real_data() -> None:
    call_command("generate_scale_data", scale=0.001)
    first = list(
        Engagement.objects.order_by("code").values_list(
            "code", "stage", "service_type", "client__code"
        )
    )
    assert len(first) == 100
    call_command("generate_scale_data", scale=0.002)  # another size: rebuilt from scratch
    call_command("generate_scale_data", scale=0.001)
    assert (
        list(
            Engagement.objects.order_by("code").values_list(
                "code", "stage", "service_type", "client__code"
            )
        )
        == first
    )
    EngagementFactory()
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_scale_data", scale=0.001)


def _counts() -> dict[str, int]:
    tables = {
        "milestones": "engagements_milestone",
        "progress": "engagements_progressentry",
        "complaints": "clients_complaint",
        "documents": "documents_document",
        "audits": "quality_audit",
        "clocks": "core_slaclock",
    }
    with connection.cursor() as cursor:
        counts = {}
        for key, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            counts[key] = cursor.fetchone()[0]
    return counts


@pytest.mark.postgres
def test_it_builds_every_part_of_the_performance_data_set_once() -> None:
    """#12 / PERFORMANCE.md: milestones with progress entries, complaints, documents with a
    current version, audits and SLA clocks in the stated proportions; running it again adds
    nothing, and another size rebuilds the set at that size."""
    call_command("generate_scale_data", scale=0.001)
    counts = _counts()
    assert counts == {
        "milestones": 500,
        "progress": 500,
        "complaints": 300,
        "documents": 200,
        "audits": 50,
        "clocks": 1000,
    }
    from documents.models import Document

    assert not Document.objects.filter(current_version__isnull=True).exists()
    call_command("generate_scale_data", scale=0.001)
    assert _counts() == counts
    call_command("generate_scale_data", scale=0.002)
    assert _counts() == {key: 2 * value for key, value in counts.items()}


@pytest.mark.postgres
def test_gin_indexes_come_back_exactly_after_a_bulk_load() -> None:
    """#12: the bulk-load helper drops a table's trigram (GIN) indexes and recreates the same
    definitions after the load; the btree indexes are never touched."""
    from core.bulkload import gin_indexes_rebuilt_after

    def indexes() -> list[tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'clients_complaint' "
                "ORDER BY indexname"
            )
            return cursor.fetchall()

    before = indexes()
    assert any(" USING gin " in definition for _name, definition in before)
    with connection.cursor() as cursor, gin_indexes_rebuilt_after(cursor, "clients_complaint"):
        during = indexes()
        assert during and all(" USING gin " not in definition for _name, definition in during)
    assert indexes() == before
