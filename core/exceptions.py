"""The one family of domain errors. Services raise these; the API maps them to 400/404/409
with the (translated) message, and views show the message to the user.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A request the domain refuses. ``message`` is already translated for the user."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class NotFoundError(ApplicationError):
    """Missing, or not visible to this user: the two are never told apart."""

    status_code = 404
    code = "not_found"


class ForbiddenError(ApplicationError):
    """The user may not do this (their role or their place on the engagement)."""

    status_code = 403
    code = "permission_denied"


class ConflictError(ApplicationError):
    """The request is valid but clashes with the object's current state."""

    status_code = 409
    code = "conflict"


class StaleWriteError(ApplicationError):
    """The client edited an older copy than the one stored now (SEC-15)."""

    status_code = 412
    code = "stale"
