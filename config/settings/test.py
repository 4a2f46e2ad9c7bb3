"""Settings for the test suite: fast hashing, in-memory mail, plain static storage."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-a-secret")  # noqa: S105
# SEC-26: a fixed, public test key (never valid anywhere else).
os.environ.setdefault("ENGAGEQC_FIELD_KEYS", "dGVzdC1vbmx5LWZpZWxkLWtleS1ub3QtYS1zZWNyZXQ=")
# Tests keep their files (SQLite test DB, filesystem broker) apart from the dev run's var/.
os.environ.setdefault("ENGAGEQC_VAR_DIR", str(Path(__file__).resolve().parents[2] / "var" / "test"))

from config.settings.base import *  # noqa: E402, F403
from config.settings.base import DATABASES, STORAGES, VAR_DIR  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so a real Celery worker in another process sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# Webhook tests post to a local http.server on the loopback interface.
WEBHOOK_ALLOWED_PRIVATE_ADDRESSES = ["127.0.0.1"]
