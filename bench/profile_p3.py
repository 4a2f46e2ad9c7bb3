"""Where a portal complaint POST spends its time (P3), in one process, for profiling.

Drives the production WSGI application directly (no server, no load generator) with the
bench's client tokens, so the figures are the product's own cost per request:

    DATABASE_URL=… REDIS_URL=… python -m bench.profile_p3 [requests] [--profile]

Prints wall and CPU milliseconds per request and, with ``--profile``, the 40 functions with
the most cumulative time (``--match=REGEX``: only the functions matching it). Run ``ONLY=P3 make bench`` once first: it creates the tokens.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import sys
import time
from typing import Any


def main() -> None:
    from pathlib import Path

    from bench import harness

    var = Path(os.environ.get("ENGAGEQC_VAR_DIR", harness.ROOT / "var"))
    os.environ.setdefault("ENGAGEQC_FIELD_KEYS", (var / "field_key").read_text().strip())
    os.environ.update(harness.product_env())
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from rest_framework.authtoken.models import Token

    from bench.p3_portal import BODY

    tokens = list(
        Token.objects.filter(user__username__startswith="p3-portal-").values_list("key", flat=True)
    )
    if not tokens:
        raise SystemExit("no p3-portal tokens: run ONLY=P3 make bench first")
    app = WSGIHandler()
    body = json.dumps(BODY, ensure_ascii=False).encode()

    def post(n: int) -> None:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/api/clients/complaints/",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1:8000",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/json",
            "HTTP_AUTHORIZATION": f"Token {tokens[n % len(tokens)]}",
            "wsgi.errors": sys.stderr,
        }
        status: list[str] = []

        def start_response(code: str, headers: Any, *exc_info: Any) -> Any:
            status.append(code)

        b"".join(app(environ, start_response))
        if not status[0].startswith("201"):
            raise SystemExit(f"POST answered {status[0]}")

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 500
    for n in range(50):  # warm: imports, connections, caches
        post(n)
    profiler = cProfile.Profile() if "--profile" in sys.argv else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    for n in range(count):
        post(n)
    if profiler:
        profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{count} POSTs: {wall / count * 1000:.2f} ms wall, {cpu / count * 1000:.2f} ms CPU each")
    if profiler:
        # --match=REGEX narrows the listing to the functions whose names match
        match = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--match=")]
        order = "tottime" if "--tottime" in sys.argv else "cumulative"
        pstats.Stats(profiler).sort_stats(order).print_stats(*match, 40)


if __name__ == "__main__":
    main()
