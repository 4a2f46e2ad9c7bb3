"""Typing helpers shared by views."""

from __future__ import annotations

from django.http import HttpRequest

from staff.models import User


class AuthedHttpRequest(HttpRequest):
    """A request that passed ``login_required``/``role_required``: ``user`` is a real user."""

    user: User
