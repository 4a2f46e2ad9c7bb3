"""The zh-hans catalogue covers every visible string in the current source (X-4)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", ".tools", "node_modules", "var", ".git", "tests", "bench", "__pycache__"}


@pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="needs gettext (apt-get install gettext)"
)
def test_the_chinese_catalogue_is_complete(tmp_path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT, copy, ignore=lambda d, names: [n for n in names if n in SKIP or n.endswith(".mo")]
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "-v0",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SECRET_KEY": "x",
            "ENGAGEQC_VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
        },
    )
    assert result.returncode == 0, result.stderr
    # The project catalogue plus one per app that keeps its own (``<app>/locale``), so that
    # apps grow their strings without touching each other's file.
    catalogues = sorted(copy.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
    assert copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po" in catalogues
    total = 0
    for po in catalogues:
        stats = subprocess.run(
            ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(po)],
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        where = po.relative_to(copy)
        assert "untranslated" not in stats and "fuzzy" not in stats, (
            f"{where}: {stats.strip()}: run `make messages` and translate the new strings"
        )
        translated = re.search(r"(\d+) translated", stats)
        assert translated is not None, f"{where}: {stats.strip()}"
        total += int(translated.group(1))
    assert total > 100
