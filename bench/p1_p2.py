"""P1 (engagement list: constant queries, server time vs raw SQL) and P2 (deep keyset pages)
on the generate_scale_data set (100k engagements; a tenth in quick mode). Requests run
in-process through Django's test client, so the time is the server's, not the network's."""

from __future__ import annotations

import base64
import json
import statistics
import time
from typing import Any

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from staff.models import User

RAW_PAGE = """
SELECT e.id, e.code, e.title, e.client_id, c.name, e.service_type, e.stage, e.project_manager_id,
       u.display_name, e.source, e.channel, e.received_at, e.answered_at, e.held_stage, e.created_at
FROM engagements_engagement e
JOIN clients_client c ON c.id = e.client_id
LEFT JOIN staff_user u ON u.id = e.project_manager_id
WHERE e.stage = %s ORDER BY e.id DESC LIMIT 51
"""


def _median_ms(fn: Any, n: int) -> float:
    fn()  # warm
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _paired_ms(fn: Any, baseline: Any, n: int) -> tuple[float, float, float]:
    """Median times of ``fn`` and ``baseline`` sampled in turn, and the median of the per-round
    ratios: a burst of load on a shared machine hits both sides of a round alike, instead of
    skewing whichever side happened to be sampled during it."""
    fn(), baseline()  # warm
    ours, theirs, ratios = [], [], []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        middle = time.perf_counter()
        baseline()
        end = time.perf_counter()
        ours.append((middle - start) * 1000)
        theirs.append((end - middle) * 1000)
        ratios.append(ours[-1] / theirs[-1])
    return statistics.median(ours), statistics.median(theirs), statistics.median(ratios)


def _raw_page() -> None:
    with connection.cursor() as cursor:
        cursor.execute(RAW_PAGE, ["execution"])
        columns = [c.name for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    json.dumps({"results": rows}, default=str)


def _view_only(user: User) -> None:
    """The list view's own work, as DRF's measured 2.4× was: no middleware or session."""
    from rest_framework.test import APIRequestFactory, force_authenticate

    from engagements.api.views import EngagementViewSet

    request = APIRequestFactory(SERVER_NAME="localhost").get(
        "/api/engagements/", {"page_size": "50", "stage": "execution"}
    )
    force_authenticate(request, user=user)
    response = EngagementViewSet.as_view({"get": "list"})(request)
    response.render()


def _queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), " ".join(q["sql"].upper() for q in ctx.captured_queries)


def run(*, quick: bool) -> list[dict[str, Any]]:
    call_command("generate_scale_data", scale=0.1 if quick else 1.0, force=True, verbosity=0)
    with connection.cursor() as vacuum:  # freshly generated rows: set the visibility map
        vacuum.execute("VACUUM ANALYZE engagements_engagement")
    user, _ = User.objects.get_or_create(username="bench-admin", defaults={"display_name": "Bench"})
    user.groups.add(Group.objects.get_or_create(name="admin")[0])
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    n = 15 if quick else 30

    counts = {
        size: _queries(client, f"/api/engagements/?page_size={size}&stage=execution")[0]
        for size in (10, 50, 200)
    }
    page_counts = {
        "list_page": _queries(client, "/engagements/?stage=execution&sort=code")[0],
        "board": _queries(client, "/engagements/board/")[0],
    }
    request_ms = _median_ms(lambda: client.get("/api/engagements/?page_size=50&stage=execution"), n)
    view_ms, raw_ms, p1_ratio = _paired_ms(lambda: _view_only(user), _raw_page, 3 * n)
    p1_ok = len(set(counts.values())) == 1 and max(counts.values()) <= 8 and p1_ratio <= 3
    p1 = {
        "scenario": "P1",
        "name": "engagement list API and page",
        "status": "measured",
        "pass": p1_ok,
        "figures": {
            "queries_by_page_size": counts,
            "queries_html": page_counts,
            "view_page_50_ms": round(view_ms, 2),
            "full_request_page_50_ms": round(request_ms, 2),
            "full_request_ratio": round(request_ms / raw_ms, 2),
            "raw_sql_json_ms": round(raw_ms, 2),
        },
        "baseline": "raw SQL of the same page + json.dumps, sampled in turn with the view (the "
        "ratio is the median of the per-round ratios); the ratio is the list view's own work "
        "(filter, keyset page, query, serialize, render JSON); the full request adds session, "
        "auth and middleware (~2 ms fixed, see full_request_page_50_ms)",
        "ratio": round(p1_ratio, 2),
        "target": "same query count for page sizes 10/50/200 (≤ 8); ≤ 3× raw SQL + json.dumps",
    }

    lowest = connection.cursor()
    lowest.execute("SELECT min(id) FROM engagements_engagement")
    deep_position = lowest.fetchone()[0] + 60
    cursor = base64.b64encode(f"p={deep_position}".encode()).decode()
    first_ms = _median_ms(lambda: client.get("/api/engagements/?page_size=50"), n)
    deep_url = f"/api/engagements/?page_size=50&cursor={cursor}"
    deep_ms = _median_ms(lambda: client.get(deep_url), n)
    _, deep_sql = _queries(client, deep_url)
    _, html_deep_sql = _queries(client, "/engagements/?sort=code&after=SCALE-0099000")
    no_offset = " OFFSET " not in deep_sql and " OFFSET " not in html_deep_sql
    no_count = "COUNT(" not in deep_sql
    p2_ratio = deep_ms / first_ms
    p2 = {
        "scenario": "P2",
        "name": "deep pages and counts",
        "status": "measured",
        "pass": p2_ratio <= 2 and no_offset and no_count,
        "figures": {
            "first_page_ms": round(first_ms, 2),
            "deepest_page_ms": round(deep_ms, 2),
            "rows_before_deepest_page": connection.cursor()
            .execute("SELECT count(*) FROM engagements_engagement WHERE id > %s", [deep_position])
            .fetchone()[0],
            "offset_used": not no_offset,
            "count_used_on_list": not no_count,
        },
        "baseline": "the first page of the same list",
        "ratio": round(p2_ratio, 2),
        "target": "keyset page at depth ≤ 2× page 1; no OFFSET; no unbounded COUNT",
    }
    return [p1, p2]
