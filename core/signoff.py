"""Shared pieces of an electronic sign-off (X-2): the signer re-enters their password (and a
one-time code where they enrolled a second factor, SEC-12), and the signed content is bound
by a SHA-256 of its canonical JSON, so a later change is seen."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError

logger = logging.getLogger("engageqc.signoff")


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def confirm_password(user: Any, password: str) -> None:
    """Refuse the sign-off unless the signer's password is right (failures are logged)."""
    if not password or not user.check_password(password):
        logger.warning("Sign-off refused for user %s: wrong password", user.pk)
        raise ApplicationError(_("The password is not correct: the sign-off was not recorded."))


def confirm_second_factor(user: Any, otp: str, request: HttpRequest | None = None) -> None:
    """Refuse the sign-off without a current one-time code when the signer enrolled an
    authenticator, or when the firm requires one and the signer has none (SEC-8, SEC-12)."""
    from staff.services.second_factor import confirm_second_factor as confirm

    confirm(user, otp, request)


def confirm_signer(
    user: Any, password: str, otp: str = "", request: HttpRequest | None = None
) -> None:
    """The signer's re-entered password, then the one-time code where they enrolled a second
    factor (or the firm requires one). A wrong password is logged and, with a request, counts
    toward the login lockout like a failed sign-in (SEC-8, SEC-12)."""
    from django.contrib.auth.signals import user_login_failed

    try:
        confirm_password(user, password)
    except ApplicationError:
        if request is not None:
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=request
            )
        raise
    confirm_second_factor(user, otp, request)


def signed[T](service: Callable[..., T]) -> Callable[..., T]:
    """Make a sign-off service take ``password`` and ``otp`` and confirm the signer before it
    runs — outside its transaction, so a refused code stays counted by the authenticator's
    throttle instead of being rolled back with the sign-off (X-2, SEC-12)."""

    @functools.wraps(service)
    def wrapper(
        *,
        actor: Any,
        password: str,
        otp: str = "",
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> T:
        confirm_signer(actor, password, otp, request)
        return service(actor=actor, **kwargs)

    return wrapper
