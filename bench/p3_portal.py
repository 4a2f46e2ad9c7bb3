"""P3 — portal complaint POST under load (PERFORMANCE.md).

gunicorn (2 sync workers, production settings, the bench database and Redis) serves the
product on a free loopback port; headless locust sends the load (8 users, no think time).
- product: POST /api/clients/complaints/ by client users (token auth): validation, the
  complaint with its history row, its SLA clocks, the notification published after commit;
- baseline: a bare DRF create endpoint (bench/bare: one model, one ModelSerializer, no auth)
  served the same way, measured before and after the product (mean of the two);
- beside it, the staff complaint list (page 50) under the same load, for the peer table.
Complaints are first filled up to the scale size (300k; a tenth in quick mode) with
set-based SQL, so list and create run against a realistic table.
The peer (django-helpdesk) is measured by bench/peers/helpdesk when it can be installed.
"""

from __future__ import annotations

import json
from typing import Any

import redis
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from rest_framework.authtoken.models import Token

from bench import harness
from bench.bare import TABLE_SQL
from clients.models import Client
from clients.permissions import is_relations_staff
from staff.choices import Role
from staff.models import User

USERS = 8
BODY = {"nature": "service", "subject": "报告延误", "description": "交付的报告比约定晚了两周。"}


def fill_complaints(total: int) -> int:
    """Set-based: complaints spread over the clients until the table holds ``total``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM clients_complaint")
        have = cursor.fetchone()[0]
        if have < total:
            cursor.execute(
                """
                WITH c AS (SELECT array_agg(id ORDER BY id) AS ids FROM clients_client)
                INSERT INTO clients_complaint (created_at, updated_at, reference, channel, nature,
                    severity, status, subject, description, contact_name, received_at,
                    process_problem, reopen_count, client_id)
                SELECT now(), now(), 'SC' || lpad(g::text, 9, '0'), 'portal',
                       (ARRAY['service','deliverable','timeliness','conduct','billing','other'])[1 + g %% 6],
                       'general', (ARRAY['received','responded','analysed','closed'])[1 + g %% 4],
                       '规模投诉 ' || g, '规模投诉的描述 ' || g, '联系人', timestamptz '2024-01-01' + (g || ' minutes')::interval,
                       false, 0, c.ids[1 + (g::bigint * 7919) %% array_length(c.ids, 1)]
                FROM generate_series(%s, %s) AS g, c
                ON CONFLICT (reference) DO NOTHING
                """,
                [have + 1, total],
            )
            cursor.execute(
                "UPDATE clients_complaint SET closed_at = received_at + interval '1 day' "
                "WHERE status = 'closed' AND closed_at IS NULL AND reference LIKE 'SC%%'"
            )
            cursor.execute("ANALYZE clients_complaint")
        cursor.execute("SELECT count(*) FROM clients_complaint")
        return int(cursor.fetchone()[0])


def _token(username: str, *, role: str, client: Client | None = None) -> str:
    user, _ = User.objects.get_or_create(
        username=username, defaults={"display_name": username, "client": client}
    )
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return Token.objects.get_or_create(user=user)[0].key


def _requests(*specs: dict[str, Any]) -> dict[str, str]:
    return {"BENCH_REQUESTS": json.dumps(specs, ensure_ascii=False)}


def purge_queue() -> None:
    """Drop the messages the run published and no worker consumed (the bench's Redis DB)."""
    if settings.REDIS_URL:
        redis.Redis.from_url(settings.REDIS_URL).delete("celery")


def run(*, quick: bool) -> dict[str, Any]:
    seconds = 6 if quick else 20
    # The client first: the fill spreads complaints over existing clients (a fresh bench
    # database run with ONLY=P3 has no other).
    client, _ = Client.objects.get_or_create(code="p3-client", defaults={"name": "P3 客户"})
    complaints = fill_complaints(30_000 if quick else 300_000)
    client_tokens = [
        _token(f"p3-portal-{n}", role=Role.CLIENT, client=client) for n in range(USERS)
    ]
    staff_token = _token("p3-relations", role=Role.QA_MANAGER)
    assert is_relations_staff(User.objects.get(username="p3-relations"))
    with connection.cursor() as cursor:
        cursor.execute(TABLE_SQL)
        cursor.execute("TRUNCATE bench_bare_item")

    bare_env = harness.product_env(DJANGO_SETTINGS_MODULE="bench.bare.settings")
    create = {"name": "create", "method": "POST", "json": BODY}
    bare_load = _requests({**create, "path": "/items/"})
    with harness.gunicorn("bench.bare.wsgi", bare_env, ready_path="/items/") as url:
        harness.locust(url, users=USERS, seconds=3, env=bare_load)  # warm
        bare_before = harness.locust(url, users=USERS, seconds=seconds, env=bare_load)

    product_env = harness.product_env()
    ours_create = {**_requests({**create, "path": "/api/clients/complaints/"})}
    ours_list = _requests(
        {"name": "list", "method": "GET", "path": "/api/clients/complaints/?page_size=50"}
    )
    with harness.gunicorn("config.wsgi", product_env, ready_path="/api/clients/complaints/") as url:
        tokens = {"BENCH_TOKENS": ",".join(client_tokens)}
        harness.locust(url, users=USERS, seconds=3, env={**ours_create, **tokens})  # warm
        ours = harness.locust(url, users=USERS, seconds=seconds, env={**ours_create, **tokens})
        listing = harness.locust(
            url, users=USERS, seconds=seconds, env={**ours_list, "BENCH_TOKENS": staff_token}
        )
    purge_queue()

    with harness.gunicorn("bench.bare.wsgi", bare_env, ready_path="/items/") as url:
        bare_after = harness.locust(url, users=USERS, seconds=seconds, env=bare_load)

    bare_rps = (bare_before["rps"] + bare_after["rps"]) / 2
    ratio = ours["rps"] / bare_rps if bare_rps else 0.0
    ok = ratio >= 0.35 and ours["failures"] == 0 and ours["p99_ms"] <= 100
    from bench.peers import helpdesk

    peer = helpdesk.measure(tickets=complaints, seconds=seconds, users=USERS)
    figures: dict[str, Any] = {
        "create_rps": ours["rps"],
        "create_p99_ms": ours["p99_ms"],
        "create_failures": ours["failures"],
        "bare_create_rps": round(bare_rps, 1),
        "bare_create_rps_before_after": [bare_before["rps"], bare_after["rps"]],
        "create_p50_ms": ours["p50_ms"],
        "create_requests": ours["requests"],
        "list_page_50_rps": listing["rps"],
        "list_p99_ms": listing["p99_ms"],
        "list_failures": listing["failures"],
        "complaints_in_table": complaints,
        "load": f"locust, {USERS} users, no think time, {seconds} s per run; "
        "gunicorn 2 sync workers",
    }
    if ours["failure_kinds"] or listing["failure_kinds"]:
        figures["failure_kinds"] = ours["failure_kinds"] + listing["failure_kinds"]
    figures["peer_helpdesk"] = peer
    if peer.get("status") == "measured":
        for key, mine, theirs in (
            ("peer_ratio_create", ours["rps"], peer["create_rps"]),
            ("peer_ratio_list", listing["rps"], peer["list_rps"]),
        ):
            # A peer that completed nothing in the run: at least this many times faster.
            figures[key] = (
                round(mine / theirs, 1) if theirs else f"> {round(mine * peer['seconds'], 1)}"
            )
    return {
        "scenario": "P3",
        "name": "portal complaint POST under load",
        "status": "measured",
        "pass": ok,
        "figures": figures,
        "baseline": "bare DRF create (one model, ModelSerializer, no auth) under the same "
        "gunicorn and locust load, mean of a run before and after the product",
        "ratio": round(ratio, 2),
        "target": "≥ 35% of bare DRF create; 0 errors; p99 ≤ 100 ms",
    }
