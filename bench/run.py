"""`make bench`: runs every scenario of PERFORMANCE.md that the code supports and writes
bench/results/latest.json plus a table. A scenario whose feature is not built yet is
reported as "not yet" — never as a pass. Scenarios run in a separate `<name>_bench` (`<name>_bench_quick` with QUICK=1)
database beside the one DATABASE_URL names, so real data is never touched.
`QUICK=1` uses a tenth of the data."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

RESULTS = Path(__file__).resolve().parent / "results"

SCENARIOS = {
    "P1": "engagement list API and page",
    "P2": "deep pages and counts",
    "P3": "portal complaint POST under load",
    "P4": "three-level sign-off",
    "P5": "SLA sweep over open clocks",
    "P6": "PDF quarterly quality report",
    "P7": "Chinese search (pg_trgm)",
    "P8": "dashboards",
    "P9": "CSV/XLSX export of 100k rows",
    "P10": "Celery fan-out",
    "P11": "history cost",
    "P12": "mixed soak",
}


# Which module measures which scenarios, in the order they run (each ``run(quick=…)`` returns
# one result dict, or a list of them for P1/P2).
RUNNERS: list[tuple[tuple[str, ...], str]] = [
    (("P1", "P2"), "p1_p2"),
    (("P3",), "p3_portal"),
    (("P4",), "p4_signoff"),
    (("P5",), "p5_sla"),
    (("P6",), "p6_pdf"),
    (("P7",), "p7_search"),
    (("P8",), "p8_dashboards"),
    (("P9",), "p9_export"),
    (("P10",), "p10_fanout"),
    (("P11",), "p11_history"),
    (("P12",), "p12_soak"),
]


def _bench_database(url: str, *, quick: bool) -> str:
    """Create (if needed) and return the URL of the bench database beside ``url``'s: one for
    full runs and one for quick runs, so neither rebuilds the other's data."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "engageqc"
    bench_name = f"{name}_bench_quick" if quick else f"{name}_bench"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [bench_name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{bench_name}"')
    return urlunsplit(parts._replace(path=f"/{bench_name}"))


def main() -> int:
    started = time.perf_counter()
    quick = os.environ.get("QUICK") == "1"
    url = os.environ.get("DATABASE_URL", "")
    results: list[dict[str, Any]] = []
    measured: dict[str, dict[str, Any]] = {}
    if url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = _bench_database(url, quick=quick)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        import importlib

        # ONLY=P8,P9 runs just those scenarios (the others are reported as not run).
        only = {s.strip() for s in os.environ.get("ONLY", "").split(",") if s.strip()}
        for keys, module in RUNNERS:
            if only and not only & set(keys):
                continue
            began = time.perf_counter()
            rows = importlib.import_module(f"bench.{module}").run(quick=quick)
            wall = round(time.perf_counter() - began, 1)
            print(f"[bench] {module}: {wall} s", flush=True)
            for row in rows if isinstance(rows, list) else [rows]:
                # How long the module took (data set-up included), so the 30-minute budget
                # of `make bench` can be checked scenario by scenario.
                row["wall_s"] = wall
                measured[row["scenario"]] = row
    else:
        print(
            "DATABASE_URL is not a PostgreSQL URL: the scenarios need PostgreSQL.", file=sys.stderr
        )

    only = {s.strip() for s in os.environ.get("ONLY", "").split(",") if s.strip()}
    supported = {key for keys, _module in RUNNERS for key in keys}
    for key, name in SCENARIOS.items():
        # "not run" when ONLY left it out; "not yet" only when no code measures it.
        status = "not run" if key in supported and only and key not in only else "not yet"
        results.append(
            measured.get(key) or {"scenario": key, "name": name, "status": status, "pass": None}
        )
    report = {
        "generated_at": datetime.now(UTC).isoformat(),
        "quick": quick,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        "total_wall_s": round(time.perf_counter() - started, 1),
        "results": results,
    }
    RESULTS.mkdir(exist_ok=True)
    # A partial run (ONLY=…) never overwrites the results of a whole run.
    if only:
        name = f"partial-{'-'.join(sorted(only))}{'-quick' if quick else ''}.json"
    else:
        name = "latest-quick.json" if quick else "latest.json"
    (RESULTS / name).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if not only and not quick and measured:
        update_readme(report)
    print(f"{'scenario':<9}{'status':<10}{'pass':<6}{'ratio':<7}key figures")
    for row in results:
        figures = row.get("figures", {})
        key = ", ".join(f"{k}={v}" for k, v in list(figures.items())[:6])
        passed = "" if row["pass"] is None else ("yes" if row["pass"] else "NO")
        print(f"{row['scenario']:<9}{row['status']:<10}{passed:<6}{row.get('ratio', ''):<7}{key}")
    print(f"total: {report['total_wall_s']} s")
    return 0 if all(r["pass"] is not False for r in results) else 1


README = RESULTS.parent.parent / "README.md"
START, END = "<!-- bench:table:start -->", "<!-- bench:table:end -->"


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(report: dict[str, Any]) -> str:
    """The README's table: one row per scenario, straight from one run's results."""
    lines = [
        f"Run of {report['generated_at'][:16].replace('T', ' ')} UTC, "
        f"{report['machine']['cpus']} cores, Python {report['machine']['python']}, "
        f"{report['total_wall_s'] / 60:.1f} min in all.",
        "",
        "| scenario | result | ratio | target | figures | wall s |",
        "|---|---|---|---|---|---|",
    ]
    for row in report["results"]:
        result = {True: "pass", False: "**fail**", None: row["status"]}[row["pass"]]
        shown = [f"{k} {v}" for k, v in row.get("figures", {}).items() if not isinstance(v, dict)]
        figures = ", ".join(shown[:8]) + (", …" if len(shown) > 8 else "")
        lines.append(
            f"| {row['scenario']} {_cell(row['name'])} | {result} | {row.get('ratio', '')} "
            f"| {_cell(row.get('target', ''))} | {_cell(figures)} | {row.get('wall_s', '')} |"
        )
    return "\n".join(lines)


def update_readme(report: dict[str, Any]) -> None:
    """Replace the table between the README's bench markers with this run's."""
    text = README.read_text()
    if START not in text or END not in text:
        return
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{markdown_table(report)}\n{END}{tail}")


if __name__ == "__main__":
    sys.exit(main())
