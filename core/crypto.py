"""Encryption at rest for personal data (SEC-26): Fernet (AES-128-CBC + HMAC-SHA256) under a
MultiFernet of the keys in ``ENGAGEQC_FIELD_KEYS`` (comma-separated; the first encrypts, all
decrypt), so keys rotate without downtime: add a new key in front, run
``manage.py rotate_field_keys``, then drop the old key. Production refuses to start without
keys; dev and test have their own non-secret defaults."""

from __future__ import annotations

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Ciphertexts start with this marker, so a value is never mistaken for clear text and the
# rotation command can tell what it still has to re-encrypt.
PREFIX = "fernet:"


def parse_keys(keys: list[str]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "ENGAGEQC_FIELD_KEYS is empty: personal data cannot be encrypted at rest."
        )
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "ENGAGEQC_FIELD_KEYS must hold url-safe base64 Fernet keys of 32 bytes "
            "(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())')."
        ) from exc


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return parse_keys(list(keys))


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(value: str) -> str:
    if not value.startswith(PREFIX):
        return value  # written before encryption was on, or empty
    try:
        return fernet().decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A value cannot be decrypted with ENGAGEQC_FIELD_KEYS: a key is missing."
        ) from exc


def rotate(value: str) -> str:
    """Re-encrypt a stored value under the first key (clear text gets encrypted)."""
    if not value:
        return value
    if not value.startswith(PREFIX):
        return encrypt(value)
    token = fernet().rotate(value[len(PREFIX) :].encode("ascii"))
    return PREFIX + token.decode("ascii")


class EncryptedTextField(models.TextField):
    """A text column that holds only ciphertext in the database; Python sees clear text.
    It cannot be searched or ordered in SQL, by design. Empty stays empty."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return decrypt(value) if value else value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(PREFIX):
            return decrypt(value)
        return super().to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(str(value))


def mask_phone(value: str) -> str:
    """138****5678: the first three and last four digits of a number (SEC-26)."""
    digits = value.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_email(value: str) -> str:
    """z***@example.com: the first character of the local part and the domain."""
    local, at, domain = value.strip().partition("@")
    if not at:
        return mask_phone(value) if value else ""
    return f"{local[:1]}***@{domain}"
