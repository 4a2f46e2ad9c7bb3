"""The engagement list: filters, search, keyset pages without OFFSET or COUNT, and the board
by stage with a constant number of queries (P1, P2)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ClientFactory, EngagementFactory

pytestmark = pytest.mark.django_db


def _codes(html: str) -> list[str]:
    """Codes listed in the table (the page also repeats its own URL, cursor included)."""
    body = html[html.find("<tbody>") : html.find("</tbody>")]
    return list(dict.fromkeys(re.findall(r"ENG-T-\d{4}", body)))


def test_filters_and_search(client, qa_manager) -> None:
    bank = ClientFactory(name="北方银行", industry="金融")
    EngagementFactory(client=bank, title="风控咨询", stage="execution", service_type="finance")
    EngagementFactory(title="园区规划", stage="lead", service_type="engineering")
    client.force_login(qa_manager)
    assert len(_codes(client.get("/engagements/?q=风控").content.decode())) == 1
    assert len(_codes(client.get("/engagements/?q=北方银行").content.decode())) == 1
    assert len(_codes(client.get("/engagements/?industry=金融").content.decode())) == 1
    assert len(_codes(client.get("/engagements/?stage=lead").content.decode())) == 1
    assert len(_codes(client.get("/engagements/?service_type=finance").content.decode())) == 1


def test_keyset_pages_walk_the_whole_list_without_offset_or_count(client, qa_manager) -> None:  # P2
    EngagementFactory.create_batch(60)
    client.force_login(qa_manager)
    seen: list[str] = []
    url = "/engagements/?sort=code"
    while url:
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        listing = [
            q["sql"].upper()
            for q in ctx.captured_queries
            if "ENGAGEMENTS_ENGAGEMENT" in q["sql"].upper()
        ]
        assert listing and not any(" OFFSET " in q or "COUNT(" in q for q in listing), listing
        seen += _codes(html)
        found = re.search(r'href="\?([^"]*after=[^"]*)" data-testid="next-page"', html)
        url = "/engagements/?" + found.group(1).replace("&amp;", "&") if found else ""
    assert len(seen) == 60 and seen == sorted(seen)


def test_the_board_groups_by_stage_in_constant_queries(client, qa_manager) -> None:  # P1
    client.force_login(qa_manager)
    EngagementFactory.create_batch(2, stage="lead")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/engagements/board/").status_code == 200
    for stage in ("lead", "contract", "execution", "closed"):
        EngagementFactory.create_batch(15, stage=stage)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/engagements/board/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert html.count("ENG-T-") == 12 * 3 + 12  # 12 newest per stage, counts shown apart


def test_the_overdue_filter_finds_engagements_with_late_milestones(client, qa_manager) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from engagements.models.plan import Milestone

    late = EngagementFactory.create()
    on_track = EngagementFactory.create()
    today = timezone.localdate()
    day = today - timedelta(days=2)
    Milestone.objects.create(engagement=late, phase="research", title="late", planned_date=day)
    Milestone.objects.create(
        engagement=on_track, phase="research", title="done", planned_date=day, actual_date=today
    )
    client.force_login(qa_manager)
    assert _codes(client.get("/engagements/?overdue=true").content.decode()) == [late.code]
