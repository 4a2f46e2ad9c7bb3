"""P12 — mixed soak at 70% of the measured peak, with worker and beat running (PERFORMANCE.md).

gunicorn (2 sync workers, production settings) plus a real Celery worker and beat (the
product's static schedule: heartbeat, SLA sweep, notification delivery, …). The mix, by
weight: portal complaint POST 2, staff complaint list 4, engagement list page 50 3, the
client's own complaint list 1.
1. peak: 8 users without think time for a short run → requests/s;
2. soak: the same mix paced at 70% of that peak, in consecutive segments (10 × 60 s; in
   quick mode 6 × 10 s), each segment's p99 and errors recorded, the worker's resident
   memory (main process and pool) sampled after each.
Targets: 0 5xx; p99 drift (mean of the last two segments vs the first two) ≤ 20%; worker
RSS growth (last sample vs the first) ≤ 10%.
"""

from __future__ import annotations

import json
import statistics
from typing import Any

from bench import harness
from bench.p3_portal import BODY, USERS, _token, purge_queue
from clients.models import Client
from staff.choices import Role

MIX = [
    {
        "name": "complaint create",
        "method": "POST",
        "path": "/api/clients/complaints/",
        "json": BODY,
        "weight": 2,
    },
    {
        "name": "complaint list (staff)",
        "path": "/api/clients/complaints/?page_size=50",
        "as": "staff",
        "weight": 4,
    },
    {
        "name": "engagement list",
        "path": "/api/engagements/?page_size=50&stage=execution",
        "as": "staff",
        "weight": 3,
    },
    {"name": "complaint list (client)", "path": "/api/clients/complaints/", "weight": 1},
]


def run(*, quick: bool) -> dict[str, Any]:
    segments, segment_s, peak_s = (6, 8, 6) if quick else (10, 60, 20)
    client, _ = Client.objects.get_or_create(code="p3-client", defaults={"name": "P3 客户"})
    load = {
        "BENCH_REQUESTS": json.dumps(MIX, ensure_ascii=False),
        "BENCH_TOKENS": ",".join(
            _token(f"p3-portal-{n}", role=Role.CLIENT, client=client) for n in range(USERS)
        ),
        "BENCH_STAFF_TOKEN": _token("p3-relations", role=Role.QA_MANAGER),
    }
    env = harness.product_env()
    purge_queue()
    rows: list[dict[str, Any]] = []
    rss: list[float] = []
    with (
        harness.celery(env, beat=True) as worker,
        harness.gunicorn("config.wsgi", env, ready_path="/api/clients/complaints/") as url,
    ):
        harness.locust(url, users=USERS, seconds=3, env=load)  # warm
        peak = harness.locust(url, users=USERS, seconds=peak_s, env=load)
        rate = 0.7 * peak["rps"]
        for _ in range(segments):
            rows.append(harness.locust(url, users=USERS, seconds=segment_s, env=load, rate=rate))
            rss.append(harness.tree_rss_mb(worker.pid))
    purge_queue()
    p99 = [row["p99_ms"] for row in rows]
    first, last = statistics.mean(p99[:2]), statistics.mean(p99[-2:])
    drift = last / first - 1 if first else 0.0
    growth = rss[-1] / rss[0] - 1 if rss and rss[0] else 0.0
    server_errors = sum(row["server_errors"] for row in rows)
    failures = sum(row["failures"] for row in rows)
    ok = server_errors == 0 and drift <= 0.2 and growth <= 0.1
    figures: dict[str, Any] = {
        "peak_rps": peak["rps"],
        "peak_p99_ms_by_request": {name: row["p99_ms"] for name, row in peak["by_name"].items()},
        "soak_target_rps": round(rate, 1),
        "soak_rps_by_segment": [row["rps"] for row in rows],
        "p99_ms_by_segment": p99,
        "p99_drift_pct": round(drift * 100, 1),
        "server_errors": server_errors,
        "failures": failures,
        "worker_rss_mb_by_segment": [round(x, 1) for x in rss],
        "worker_rss_growth_pct": round(growth * 100, 1),
        "requests": sum(row["requests"] for row in rows),
        "duration_s": segments * segment_s,
    }
    kinds = [kind for row in rows for kind in row["failure_kinds"]]
    if kinds:
        figures["failure_kinds"] = kinds[:5]
    return {
        "scenario": "P12",
        "name": "mixed soak",
        "status": "measured",
        "pass": ok,
        "figures": figures,
        "baseline": "the first two segments of the same soak (p99) and the worker's first "
        "RSS sample; the pace is 70% of the peak measured just before",
        "ratio": round(1 + drift, 2),
        "target": "0 5xx; p99 drift ≤ 20%; worker RSS growth ≤ 10%",
    }
