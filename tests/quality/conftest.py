"""Fixtures for the audits, KPI and CAPA tests."""

from __future__ import annotations

import pytest

from quality.models import ChecklistTemplate


@pytest.fixture
def standard_checklist(db):
    return ChecklistTemplate.objects.get(code="standard")


def full_points(template, share="1"):
    from decimal import Decimal

    return {c.pk: (c.weight * Decimal(share)) for c in template.criteria.all()}
