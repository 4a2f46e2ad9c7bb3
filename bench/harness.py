"""Processes the load scenarios (P3, P10, P12) need: gunicorn on a free loopback port, a
Celery worker and beat, and headless locust runs read back from locust's CSV output.

Every process is started by the bench, gets the bench database and Redis from the
environment, and is stopped by its own pid when the scenario ends."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def product_env(**extra: str) -> dict[str, str]:
    """The environment of a production-like product process (DEBUG off, no HTTPS redirect
    on loopback, mail counted by the bench backend instead of sent)."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY") or "bench-only-" + "x" * 40,
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_EMAIL_BACKEND": "bench.mail.CountingBackend",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(extra)
    return env


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process's own group (it was started in a new session: a gunicorn master
    with its workers, a Celery worker with its pool), SIGKILL the group if it lingers."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # workers left behind by a killed master


@contextmanager
def gunicorn(
    wsgi: str,
    env: dict[str, str],
    *,
    workers: int = 2,
    ready_path: str = "/",
    binary: Path | None = None,
    cwd: Path = ROOT,
) -> Iterator[str]:
    """Serve ``wsgi`` with ``workers`` sync workers on a free loopback port; yield its URL."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(
        [
            str(binary or BIN / "gunicorn"),
            wsgi,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            log.name,
            "--graceful-timeout",
            "5",
        ],
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {Path(log.name).read_text()[-2000:]}")
            try:
                urllib.request.urlopen(url + ready_path, timeout=10)  # noqa: S310 - loopback
                break
            except urllib.error.HTTPError:
                break  # it answers: the app is up
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not answer within 60 s") from None
                time.sleep(0.3)
        yield url
    finally:
        _stop(proc)
        Path(log.name).unlink(missing_ok=True)


@contextmanager
def celery(
    env: dict[str, str], *, beat: bool = False, concurrency: int = 2, include: str = "bench.tasks"
) -> Iterator[subprocess.Popen[bytes]]:
    """A real Celery worker (prefork, ``concurrency`` processes), plus beat if asked."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-celery-"))
    base = [str(BIN / "celery"), "-A", "config"]
    worker = subprocess.Popen(
        [
            *base,
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            f"--include={include}",
            f"--hostname=bench-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=(workdir / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    procs = [worker]
    if beat:
        procs.append(
            subprocess.Popen(
                [
                    *base,
                    "beat",
                    "--loglevel=WARNING",
                    f"--schedule={workdir / 'celerybeat-schedule'}",
                    f"--pidfile={workdir / 'beat.pid'}",
                ],
                cwd=ROOT,
                env=env,
                stdout=(workdir / "beat.log").open("wb"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    try:
        yield worker
    finally:
        for proc in reversed(procs):
            _stop(proc)


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (a prefork worker and its pool)."""
    import psutil

    try:
        parent = psutil.Process(pid)
        procs = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / (1024 * 1024)


def locust(
    host: str,
    *,
    users: int,
    seconds: float,
    spawn_rate: float | None = None,
    env: dict[str, str] | None = None,
    rate: float | None = None,
    allow_empty: bool = False,
) -> dict[str, Any]:
    """Run bench/locustfile.py headless against ``host`` for ``seconds`` with ``users``
    concurrent users (each as fast as it can, or ``rate`` requests/s in total when given);
    return the figures of locust's JSON stats (rps over the run's duration,
    percentiles from its response-time histogram) and its error report."""
    out = Path(tempfile.mkdtemp(prefix="bench-locust-"))
    run_env = dict(os.environ)
    run_env.update(env or {})
    run_env["BENCH_ERRORS_FILE"] = str(out / "errors.json")
    if rate:
        run_env["BENCH_RATE_PER_USER"] = str(rate / users)
    cmd = [
        str(BIN / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        host,
        "-u",
        str(users),
        "-r",
        str(spawn_rate or users),
        "-t",
        f"{max(1, round(seconds))}s",
        "--json-file",
        str(out / "run"),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "5",
    ]
    done = subprocess.run(
        cmd, cwd=ROOT, env=run_env, check=False, capture_output=True, timeout=seconds + 120
    )
    log = (done.stdout + done.stderr).decode(errors="replace")
    (out / "locust.log").write_text(log)
    entries = json.loads((out / "run.json").read_text())
    errors_file = out / "errors.json"
    errors: dict[str, int] = json.loads(errors_file.read_text()) if errors_file.exists() else {}

    def figures(stats: list[dict[str, Any]]) -> dict[str, Any]:
        histogram: dict[int, int] = {}
        for entry in stats:
            for bucket, n in entry["response_times"].items():
                histogram[int(float(bucket))] = histogram.get(int(float(bucket)), 0) + n
        requests = sum(e["num_requests"] for e in stats)

        def pct(q: float) -> float:
            seen, need = 0, q * sum(histogram.values())
            for bucket in sorted(histogram):
                seen += histogram[bucket]
                if seen >= need:
                    return float(bucket)
            return 0.0

        return {
            "requests": requests,
            "failures": sum(e["num_failures"] for e in stats),
            "rps": round(requests / max(1, round(seconds)), 1),
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
        }

    total = figures(entries)
    server_errors = sum(n for kind, n in errors.items() if re.search(r"HTTP 5\d\d", kind))
    if not total["requests"] and not allow_empty:
        raise RuntimeError(f"locust sent nothing: {log[-1500:]}")
    return {
        **total,
        "server_errors": server_errors,
        "by_name": {e["name"]: figures([e]) for e in entries},
        "failure_kinds": [f"{kind} ×{n}" for kind, n in errors.items()][:5],
    }


def peak_rss_mb() -> float:
    """This process's own peak RSS (``VmHWM``).

    ``ru_maxrss`` is not used: Linux carries it across fork and exec, so a child spawned by
    the (large) bench process would report the parent's peak instead of its own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
