"""Side-by-side peer for P3: django-helpdesk (see bench/peers/helpdesk/README)."""

from __future__ import annotations

from typing import Any


def measure(*, tickets: int, seconds: float, users: int) -> dict[str, Any]:
    return {"status": "not yet"}
