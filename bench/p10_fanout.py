"""P10 — Celery fan-out: survey dispatch to 10k contacts (PERFORMANCE.md).

A real Celery worker (prefork, 2 processes, Redis broker, production settings; mail counted
by bench.mail.CountingBackend in Redis instead of sent) runs:
- baseline: N no-op tasks (bench.tasks.noop, one Redis INCR each) published at once —
  tasks/s from the first publish to the last one done;
- the product: ``clients.tasks.surveys_for_acceptance`` for one accepted engagement whose
  client has 10k consenting contacts (2k in quick mode): the task issues the surveys in bulk
  and fans the sends out in tasks of 200; contacts/s from the publish to the last e-mail.
  The target compares contacts/s with no-op tasks/s (≥ 50%).
- redelivery: the dispatch task and every send task are published again, as a broker
  redelivery would; afterwards there must be exactly one survey and one e-mail per contact.
"""

from __future__ import annotations

import time
from typing import Any

import redis
from django.conf import settings
from django.db import connection

from bench import harness, mail
from bench.tasks import NOOP_KEY, noop
from clients.choices import SurveyOccasion
from clients.models import Client, Survey
from clients.tasks import surveys_for_acceptance, surveys_send
from engagements.models import Engagement

TIMEOUT = 240.0


def _contacts(client: Client, n: int) -> None:
    """``n`` active client users with an e-mail address and a surveys consent (set-based)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM staff_user WHERE client_id = %s", [client.pk])
        have = cursor.fetchone()[0]
        if have >= n:
            return
        cursor.execute(
            """
            INSERT INTO staff_user (password, is_superuser, username, first_name, last_name, email,
                is_staff, is_active, date_joined, display_name, language, client_id)
            SELECT '!', false, 'p10-contact-' || g, '', '', 'p10-' || g || '@client.bench', false,
                   true, now(), '联系人' || g, 'zh-hans', %s
            FROM generate_series(%s, %s) AS g
            """,
            [client.pk, have + 1, n],
        )
        cursor.execute(
            """
            INSERT INTO clients_consent (purpose, notice_version, channel, sensitive_data, sharing,
                cross_border, granted_at, person_id)
            SELECT 'surveys', 'bench', 'portal', false, false, false, now(), u.id
            FROM staff_user u WHERE u.client_id = %s
            ON CONFLICT DO NOTHING
            """,
            [client.pk],
        )
        cursor.execute("ANALYZE staff_user; ANALYZE clients_consent")


def _wait(predicate: Any, timeout: float = TIMEOUT) -> float:
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the worker did not finish in time")
        time.sleep(0.05)
    return time.perf_counter()


def run(*, quick: bool) -> dict[str, Any]:
    contacts = 1_000 if quick else 10_000
    noops = 500 if quick else 3_000
    if not settings.REDIS_URL:
        return {
            "scenario": "P10",
            "name": "Celery fan-out",
            "status": "not yet",
            "pass": None,
            "figures": {"reason": "needs REDIS_URL (a real broker)"},
        }
    r = redis.Redis.from_url(settings.REDIS_URL)
    client, _ = Client.objects.get_or_create(code="p10-client", defaults={"name": "P10 客户"})
    engagement, _ = Engagement.objects.get_or_create(
        code="P10-BENCH", defaults={"title": "P10 满意度调查", "client": client}
    )
    _contacts(client, contacts)
    # The client may hold more contacts from an earlier, larger run: they are all surveyed.
    contacts = client.users.filter(is_active=True).count()
    Survey.objects.filter(engagement=engagement).delete()
    r.delete("celery", NOOP_KEY, mail.KEY_TOTAL, mail.KEY_SEEN)

    env = harness.product_env()
    with harness.celery(env) as worker:
        # Warm the pool (imports, connections) before anything is timed.
        for _ in range(20):
            noop.delay()
        _wait(lambda: int(r.get(NOOP_KEY) or 0) >= 20, 60)
        r.delete(NOOP_KEY)

        start = time.perf_counter()
        for _ in range(noops):
            noop.delay()
        end = _wait(lambda: int(r.get(NOOP_KEY) or 0) >= noops)
        noop_rate = noops / (end - start)

        start = time.perf_counter()
        surveys_for_acceptance.delay(engagement.pk)
        end = _wait(lambda: int(r.get(mail.KEY_TOTAL) or 0) >= contacts)
        fanout_rate = contacts / (end - start)
        rss_mb = harness.tree_rss_mb(worker.pid)

        # Redelivery: the dispatch and every send published a second time.
        ids = list(
            Survey.objects.filter(engagement=engagement).order_by("pk").values_list("pk", flat=True)
        )
        surveys_for_acceptance.delay(engagement.pk)
        for begin in range(0, len(ids), 200):
            surveys_send.delay(ids[begin : begin + 200])
        r.delete(NOOP_KEY)
        _wait(lambda: r.llen("celery") == 0)
        # Both pool processes finish what they hold before a sentinel each runs.
        for _ in range(4):
            noop.delay()
        _wait(lambda: int(r.get(NOOP_KEY) or 0) >= 4 and r.llen("celery") == 0)
        time.sleep(1.0)

    surveys = Survey.objects.filter(
        engagement=engagement, occasion=SurveyOccasion.ACCEPTANCE
    ).count()
    mails = int(r.get(mail.KEY_TOTAL) or 0)
    duplicated = sum(1 for n in r.hvals(mail.KEY_SEEN) if int(n) > 1)
    r.delete("celery", NOOP_KEY, mail.KEY_TOTAL, mail.KEY_SEEN)
    ratio = fanout_rate / noop_rate
    idempotent = surveys == contacts and mails == contacts and duplicated == 0
    return {
        "scenario": "P10",
        "name": "Celery fan-out",
        "status": "measured",
        "pass": ratio >= 0.5 and idempotent,
        "figures": {
            "contacts": contacts,
            "contacts_per_s": round(fanout_rate, 1),
            "noop_tasks_per_s": round(noop_rate, 1),
            "noop_tasks": noops,
            "surveys_after_redelivery": surveys,
            "emails_after_redelivery": mails,
            "duplicate_emails": duplicated,
            "worker_rss_mb": round(rss_mb, 1),
            "worker": "celery prefork, 2 processes, Redis broker, acks late",
        },
        "baseline": "no-op tasks per second on the same worker (one Redis INCR each)",
        "ratio": round(ratio, 2),
        "target": "contacts/s ≥ 50% of no-op tasks/s; redelivered dispatch and sends → "
        "one survey and one e-mail per contact",
    }
