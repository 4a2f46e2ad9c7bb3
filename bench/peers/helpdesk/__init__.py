"""P3 peer side by side: django-helpdesk (PyPI) ticket list and create next to our complaint
list and create, on the same machine with the same number of rows.

The peer runs in its own venv under the var dir, created here with uv from the pinned,
hashed requirements.txt beside this file (regenerate: `uv pip compile requirements.in
--python-version 3.13 --generate-hashes -o requirements.txt`), with its own database
(``<bench db>_helpdesk``) and the minimal project in project/ (API with token auth, mail to
the dummy backend). Measured through its REST API (list page, create), as ours is. If the
venv, the install or the migration fails, the result says "unavailable" with the reason."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from bench import harness

HERE = Path(__file__).resolve().parent
PROJECT = HERE / "project"


def _database_url() -> str:
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    name = parts.path.lstrip("/").removesuffix("_bench") + "_helpdesk"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _venv() -> Path:
    venv = Path(settings.VAR_DIR) / "helpdesk-venv"
    python = venv / "bin" / "python"
    stamp = venv / "requirements.txt"
    wanted = (HERE / "requirements.txt").read_text()
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return venv
    uv = harness.ROOT / ".tools" / "bin" / "uv"
    uv_cmd = str(uv) if uv.exists() else (shutil.which("uv") or "")
    if not uv_cmd:
        raise RuntimeError("uv not found (.tools/bin/uv)")
    base = Path(os.path.realpath(harness.BIN / "python")).parent / "python3"
    subprocess.run([uv_cmd, "venv", "-q", "--clear", "--python", str(base), str(venv)], check=True)
    subprocess.run(
        [
            uv_cmd,
            "pip",
            "install",
            "-q",
            "--python",
            str(python),
            "--require-hashes",
            "-r",
            str(HERE / "requirements.txt"),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    stamp.write_text(wanted)
    return venv


def measure(*, tickets: int, seconds: float, users: int) -> dict[str, Any]:
    try:
        venv = _venv()
        env = dict(os.environ)
        env.update({"PEER_DATABASE_URL": _database_url(), "PYTHONPATH": str(PROJECT)})
        env.pop("DJANGO_SETTINGS_MODULE", None)
        python = str(venv / "bin" / "python")

        def run(*args: str) -> str:
            done = subprocess.run(
                [python, *args], cwd=PROJECT, env=env, check=True, capture_output=True, text=True
            )
            return done.stdout

        run("-m", "django", "migrate", "-v0", "--settings=peer_settings")
        queue, token = run("peer_seed.py", str(tickets)).split()
    except (subprocess.CalledProcessError, RuntimeError, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        return {"status": "unavailable", "reason": str(detail).strip()[-500:]}

    create = {
        "name": "create",
        "method": "POST",
        "path": "/helpdesk/api/tickets/",
        "json": {
            "queue": int(queue),
            "title": "报告延误",
            "description": "交付的报告比约定晚了两周。",
            "submitter_email": "client@client.bench",
            "priority": 3,
        },
    }
    listing = {"name": "list", "method": "GET", "path": "/helpdesk/api/tickets/"}
    load = {"BENCH_TOKENS": token}
    with harness.gunicorn(
        "peer_wsgi:application",
        env,
        ready_path="/helpdesk/api/",
        binary=venv / "bin" / "gunicorn",
        cwd=PROJECT,
    ) as url:
        made = harness.locust(
            url,
            users=users,
            seconds=seconds,
            env={**load, "BENCH_REQUESTS": json.dumps([create], ensure_ascii=False)},
        )
        listed = harness.locust(
            url,
            users=users,
            seconds=seconds,
            env={**load, "BENCH_REQUESTS": json.dumps([listing])},
            allow_empty=True,
        )
    return {
        "status": "measured",
        "version": "django-helpdesk 2.6.1 (bench/peers/helpdesk/requirements.txt)",
        "tickets": tickets,
        "seconds": seconds,
        "create_rps": made["rps"],
        "create_p99_ms": made["p99_ms"],
        "create_failures": made["failures"],
        "list_rps": listed["rps"],
        "list_p99_ms": listed["p99_ms"],
        "list_failures": listed["failures"],
    }
