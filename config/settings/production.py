"""Production settings: everything secret from the environment, HTTPS-only cookies and HSTS.
`manage.py check --deploy --fail-level WARNING` passes with these (SEC-10).
"""

from __future__ import annotations

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import FIELD_ENCRYPTION_KEYS

# SEC-26: no default key in production — refuse to start without valid ENGAGEQC_FIELD_KEYS.
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("ENGAGEQC_FIELD_KEYS must be set in production (SEC-26).")
try:
    for _key in FIELD_ENCRYPTION_KEYS:
        Fernet(_key.encode())
except ValueError as _exc:
    raise ImproperlyConfigured(
        "ENGAGEQC_FIELD_KEYS holds a key that is not a Fernet key."
    ) from _exc

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

MAILERS = {
    "default": {
        "BACKEND": env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
            "port": env_int("DJANGO_EMAIL_PORT", 25, minimum=1),
            "username": env_str("DJANGO_EMAIL_USER", ""),
            "password": env_str("DJANGO_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
        },
    },
}
