"""Helpers for the risk tests: categories and a raise-a-risk shortcut."""

from __future__ import annotations

import pytest

from risk.models import RiskCategory
from risk.services.register import risk_raise


@pytest.fixture
def category(db) -> RiskCategory:
    return RiskCategory.objects.get(code="technical")


@pytest.fixture
def raise_risk(category):
    def _raise(actor, engagement=None, *, likelihood="medium", impact="major", **extra):
        data = {
            "title": "关键数据无法按时获取",
            "category_id": category.pk,
            "method": "brainstorming",
            "likelihood": likelihood,
            "impact": impact,
        }
        data.update(extra)
        return risk_raise(actor=actor, engagement_id=engagement.pk if engagement else None, **data)

    return _raise
