"""Settings for `make run` on a developer's machine: DEBUG on, and a secret key generated
once and kept under var/ so sessions survive restarts without a secret in the repository.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

_var = Path(os.environ.get("ENGAGEQC_VAR_DIR", Path(__file__).resolve().parents[2] / "var"))
if not os.environ.get("DJANGO_SECRET_KEY"):
    _key_file = _var / "secret_key"
    if not _key_file.exists():
        _var.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    os.environ["DJANGO_SECRET_KEY"] = _key_file.read_text().strip()
if not os.environ.get("ENGAGEQC_FIELD_KEYS"):
    # SEC-26: a development key kept beside the secret key; production must set its own.
    _field_key_file = _var / "field_key"
    if not _field_key_file.exists():
        from cryptography.fernet import Fernet

        _var.mkdir(parents=True, exist_ok=True)
        _field_key_file.write_text(Fernet.generate_key().decode())
        _field_key_file.chmod(0o600)
    os.environ["ENGAGEQC_FIELD_KEYS"] = _field_key_file.read_text().strip()
os.environ.setdefault("DJANGO_DEBUG", "1")

from config.settings.base import *  # noqa: E402, F403
