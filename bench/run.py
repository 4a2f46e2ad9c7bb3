"""`make bench`: runs every scenario of PERFORMANCE.md that the code supports and writes
bench/results/latest.json. A scenario whose feature is not built yet is reported as
"not yet" — never as a pass."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"

SCENARIOS = {
    "P1": "engagement list API and page",
    "P2": "deep pages and counts",
    "P3": "portal complaint POST under load",
    "P4": "three-level sign-off",
    "P5": "SLA sweep over 1M open clocks",
    "P6": "PDF quarterly quality report",
    "P7": "Chinese search (pg_trgm)",
    "P8": "dashboards",
    "P9": "CSV/XLSX export of 100k rows",
    "P10": "Celery fan-out",
    "P11": "history cost",
    "P12": "mixed soak",
}


def main() -> None:
    results = [
        {"scenario": key, "name": name, "status": "not yet", "pass": None}
        for key, name in SCENARIOS.items()
    ]
    report = {
        "generated_at": datetime.now(UTC).isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        "results": results,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"{'scenario':<9}{'status':<10}name")
    for row in results:
        print(f"{row['scenario']:<9}{row['status']:<10}{row['name']}")


if __name__ == "__main__":
    main()
