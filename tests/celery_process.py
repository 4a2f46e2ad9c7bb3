"""Runs a real Celery worker (optionally with beat) in a child process against the test
database, for tests that prove tasks run for real rather than eagerly in-process."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{auth}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


@contextlib.contextmanager
def celery_worker(
    *, beat: bool = False, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    child_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": test_database_url(),
        **(env or {}),
    }
    if settings.REDIS_URL:
        child_env["REDIS_URL"] = settings.REDIS_URL
    cmd = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        # Both queues: the default one and the reports queue (CELERY_TASK_ROUTES).
        "--queues=celery,reports",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    if beat:
        cmd += ["--beat", "--schedule", str(settings.VAR_DIR / f"beat-{os.getpid()}")]
    log = (settings.VAR_DIR / "celery-test.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=child_env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(proc)
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _wait_until_ready(proc: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    """Return once the worker has said "ready" (it consumes from then on), so a test's own
    timeout measures its task and not the worker's start-up on a busy machine."""
    path = settings.VAR_DIR / "celery-test.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if b" ready." in path.read_bytes():
            return
        time.sleep(0.2)


def wait_for(
    predicate: Callable[[], bool], *, timeout: float = 30.0, interval: float = 0.2
) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def worker_log() -> str:
    path = settings.VAR_DIR / "celery-test.log"
    return path.read_text(errors="replace")[-4000:] if path.exists() else ""
