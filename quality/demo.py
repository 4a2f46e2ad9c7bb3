"""Demo review data (filled in below)."""

from typing import Any


def seed_review_demo(users: dict[str, Any]) -> None:
    return None
