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
    Engagement.objects.filter(code__startswith="SCALE-").delete()
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
