"""P11 — history cost (PERFORMANCE.md).

On complaints (a historised model written by the portal):
- single writes: ``save()`` with django-simple-history recording the row, against the same
  ``save()`` with history skipped (``skip_history_when_saving``), each in its own
  transaction like a request's — target ≤ 3×;
- bulk path: ``simple_history.utils.bulk_create_with_history`` (what the product's bulk
  writers use, e.g. the working calendar) against plain ``bulk_create`` — target ≤ 4×.
Rounds alternate between the two sides so the machine's noise hits both alike; the figure
is the median round.
"""

from __future__ import annotations

import statistics
import time
from itertools import count
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from clients.models import Client, Complaint

_serial = count(1)


def _row(client: Client) -> Complaint:
    now = timezone.now()
    return Complaint(
        client=client,
        reference=f"P11-{next(_serial):08d}",
        channel="portal",
        nature="service",
        severity="general",
        subject="基准投诉",
        description="基准投诉的描述",
        contact_name="基准",
        received_at=now,
    )


def _singles(client: Client, n: int, *, history: bool) -> float:
    rows = [_row(client) for _ in range(n)]
    start = time.perf_counter()
    for row in rows:
        with transaction.atomic():
            if not history:
                row.skip_history_when_saving = True  # type: ignore[attr-defined]
            row.save()
    return time.perf_counter() - start


def _bulk(client: Client, n: int, *, history: bool) -> float:
    rows = [_row(client) for _ in range(n)]
    start = time.perf_counter()
    with transaction.atomic():
        if history:
            bulk_create_with_history(rows, Complaint, batch_size=500)
        else:
            Complaint.objects.bulk_create(rows, batch_size=500)
    return time.perf_counter() - start


def _cleanup() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM clients_historicalcomplaint WHERE reference LIKE 'P11-%%'")
        cursor.execute("DELETE FROM clients_complaint WHERE reference LIKE 'P11-%%'")


def run(*, quick: bool) -> dict[str, Any]:
    singles, bulk, rounds = (200, 2_000, 3) if quick else (500, 10_000, 5)
    client, _ = Client.objects.get_or_create(code="p11-client", defaults={"name": "P11 客户"})
    _cleanup()
    _singles(client, 20, history=True)  # warm caches and connections
    _singles(client, 20, history=False)
    single_ratios, bulk_ratios = [], []
    plain_ms, hist_ms, bulk_plain_s, bulk_hist_s = [], [], [], []
    for _ in range(rounds):
        h = _singles(client, singles, history=True)
        p = _singles(client, singles, history=False)
        single_ratios.append(h / p)
        hist_ms.append(h / singles * 1000)
        plain_ms.append(p / singles * 1000)
        bh = _bulk(client, bulk, history=True)
        bp = _bulk(client, bulk, history=False)
        bulk_ratios.append(bh / bp)
        bulk_hist_s.append(bh)
        bulk_plain_s.append(bp)
    _cleanup()
    single_ratio = statistics.median(single_ratios)
    bulk_ratio = statistics.median(bulk_ratios)
    return {
        "scenario": "P11",
        "name": "history cost",
        "status": "measured",
        "pass": single_ratio <= 3 and bulk_ratio <= 4,
        "figures": {
            "single_write_ratio": round(single_ratio, 2),
            "bulk_ratio": round(bulk_ratio, 2),
            "single_with_history_ms": round(statistics.median(hist_ms), 3),
            "single_plain_ms": round(statistics.median(plain_ms), 3),
            f"bulk_{bulk}_with_history_s": round(statistics.median(bulk_hist_s), 3),
            f"bulk_{bulk}_plain_s": round(statistics.median(bulk_plain_s), 3),
            "rounds": rounds,
        },
        "baseline": "the same complaint save() with history skipped; plain bulk_create",
        "ratio": round(single_ratio, 2),
        "target": "history write ≤ 3× plain insert; bulk_create_with_history ≤ 4× bulk_create",
    }
