"""Settings come from the environment and fail fast on bad values (Foundation)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str, env_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw", ["maybe", "2", "tru"])
def test_a_bad_boolean_fails_fast_naming_the_variable(monkeypatch, raw) -> None:
    monkeypatch.setenv("EQ_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="EQ_FLAG"):
        env_bool("EQ_FLAG", False)


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("off", False), ("", False)]
)
def test_booleans_accept_the_usual_spellings(monkeypatch, raw, expected) -> None:
    monkeypatch.setenv("EQ_FLAG", raw)
    assert env_bool("EQ_FLAG") is expected


def test_integers_are_parsed_and_bounded(monkeypatch) -> None:
    monkeypatch.setenv("EQ_N", "12")
    assert env_int("EQ_N", minimum=1) == 12
    monkeypatch.setenv("EQ_N", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("EQ_N", minimum=1)
    monkeypatch.setenv("EQ_N", "twelve")
    with pytest.raises(ImproperlyConfigured, match="EQ_N"):
        env_int("EQ_N")


def test_a_required_variable_must_be_set(monkeypatch) -> None:
    monkeypatch.delenv("EQ_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="EQ_REQUIRED is required"):
        env_str("EQ_REQUIRED")


def test_lists_and_urls(monkeypatch) -> None:
    monkeypatch.setenv("EQ_HOSTS", "a.example, b.example,,")
    assert env_list("EQ_HOSTS") == ["a.example", "b.example"]
    monkeypatch.setenv("EQ_DB", "mysql://x/y")
    with pytest.raises(ImproperlyConfigured, match="scheme"):
        env_url("EQ_DB", schemes=("postgres", "sqlite"))


def _run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    dropped = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"ENGAGEQC_VAR_DIR": str(tmp_path / "var"), **extra})
    return env


def test_a_bad_database_url_stops_start_up(tmp_path) -> None:
    result = _run_manage("check", env=_clean_env(tmp_path, DATABASE_URL="mysql://root@localhost/x"))
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path) -> None:
    env = _clean_env(tmp_path, DJANGO_SETTINGS_MODULE="config.settings.production")
    env.pop("DJANGO_SECRET_KEY", None)
    result = _run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_the_embedded_sqlite_default_migrates_from_zero(tmp_path) -> None:
    """No DATABASE_URL: a SQLite file under var/ is created and fully migrated; the dev run
    generates and keeps its own secret key there."""
    env = _clean_env(tmp_path)
    env.pop("DJANGO_SECRET_KEY", None)
    result = _run_manage("migrate", "--no-input", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "var" / "engageqc.sqlite3").exists()
    key = (tmp_path / "var" / "secret_key").read_text()
    assert len(key) >= 50
    again = _run_manage("migrate", "--check", env=env)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "var" / "secret_key").read_text() == key


def test_production_settings_pass_the_deploy_check(tmp_path) -> None:  # SEC-10
    env = _clean_env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x" * 20 + "-a-long-random-production-key-" + "y" * 20,
        DJANGO_ALLOWED_HOSTS="engageqc.example.com",
    )
    result = _run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
