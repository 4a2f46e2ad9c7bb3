"""The staff defaults (qualifications, process steps, default matrix) are seeded by a
migration; re-seed them so these tests also pass on a database a transactional test has
flushed (e.g. with --reuse-db)."""

from __future__ import annotations

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def _staff_defaults(db) -> None:
    apps.get_app_config("staff").seed_defaults()  # type: ignore[attr-defined]
