"""API permission classes shared by the apps."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from staff.choices import Role

STAFF_ROLES = tuple(r.value for r in Role if r != Role.CLIENT)


class StaffWritesOnly(BasePermission):
    """Reads follow each view's scoping; writes need a firm role (client users get 403)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*STAFF_ROLES))


class AnyRole(BasePermission):
    """A signed-in account holding some role: staff or a client organisation's user. An account
    without any role is refused (403), as the pages refuse it, instead of an empty list."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.roles)
