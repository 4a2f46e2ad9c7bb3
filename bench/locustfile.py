"""The load the bench's locust runs send (started by bench.harness.locust, not by hand).

BENCH_REQUESTS: JSON list of {"name", "method", "path", "json"?, "weight"?}; each user
picks by weight and sends as fast as it can, or at BENCH_RATE_PER_USER requests/s.
BENCH_TOKENS: comma-separated DRF tokens, one per user in turn (none: anonymous); a request
with "as": "staff" uses BENCH_STAFF_TOKEN instead."""

from __future__ import annotations

import itertools
import json
import os
import random
from collections import Counter
from typing import Any

from locust import FastHttpUser, constant, constant_throughput, events, task

REQUESTS: list[dict[str, Any]] = json.loads(os.environ.get("BENCH_REQUESTS", "[]"))
TOKENS = itertools.cycle([t for t in os.environ.get("BENCH_TOKENS", "").split(",") if t] or [""])
STAFF_TOKEN = os.environ.get("BENCH_STAFF_TOKEN", "")
RATE = float(os.environ.get("BENCH_RATE_PER_USER") or 0)
WEIGHTS = [int(r.get("weight", 1)) for r in REQUESTS]


ERRORS: Counter[str] = Counter()


@events.request.add_listener
def _count_error(name: str, response: Any = None, exception: Any = None, **_: Any) -> None:
    if exception is not None:
        status = getattr(response, "status_code", 0) or 0
        ERRORS[f"{name}: HTTP {status} {type(exception).__name__}"] += 1


@events.quitting.add_listener
def _write_errors(**_: Any) -> None:
    """BENCH_ERRORS_FILE gets {"<request>: HTTP <status> <error>": count}."""
    if os.environ.get("BENCH_ERRORS_FILE"):
        with open(os.environ["BENCH_ERRORS_FILE"], "w") as out:  # noqa: PTH123
            json.dump(dict(ERRORS), out)


class BenchUser(FastHttpUser):
    wait_time = constant_throughput(RATE) if RATE else constant(0)

    def on_start(self) -> None:
        token = next(TOKENS)
        self.headers = {"Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Token {token}"
        self.staff_headers = {**self.headers, "Authorization": f"Token {STAFF_TOKEN}"}
        self.rng = random.Random(id(self))  # noqa: S311 - load mix, not security

    @task
    def one(self) -> None:
        spec = self.rng.choices(REQUESTS, weights=WEIGHTS)[0]
        self.client.request(
            spec.get("method", "GET"),
            spec["path"],
            name=spec["name"],
            json=spec.get("json"),
            headers=self.staff_headers if spec.get("as") == "staff" else self.headers,
        )
