"""Fixtures for the quality tests: reviews, audits, KPIs and CAPA."""

from __future__ import annotations

import pytest

from quality.models import ChecklistTemplate
from tests.quality.factories import deliverable, new_version


@pytest.fixture
def team(engagement_a, discipline_lead, consultant, project_manager, technical_director):
    engagement_a.members.add(discipline_lead)
    return engagement_a


@pytest.fixture
def document(team, consultant):
    return deliverable(engagement=team, author=consultant)


@pytest.fixture
def version(document, consultant):
    return new_version(document, author=consultant)


@pytest.fixture(autouse=True)
def _english():
    """Service messages are read in English here (the UI default is zh-hans)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def lead_and_manager(db):
    """One person holding two review roles: may still sign only one level (QC-3)."""
    from staff.choices import Role
    from tests.factories import UserFactory

    return UserFactory(
        username="lead_and_manager", roles=[Role.DISCIPLINE_LEAD.value, Role.PROJECT_MANAGER.value]
    )


@pytest.fixture
def second_lead(db):
    from staff.choices import Role
    from tests.factories import UserFactory

    return UserFactory(username="second_lead", roles=[Role.DISCIPLINE_LEAD.value])


@pytest.fixture(autouse=True)
def _review_levels(request):
    """The seeded levels, also after an earlier transactional test flushed them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from quality.defaults import seed_review_levels

    seed_review_levels()


@pytest.fixture
def standard_checklist(db):
    return ChecklistTemplate.objects.get(code="standard")


def full_points(template, share="1"):
    from decimal import Decimal

    return {c.pk: (c.weight * Decimal(share)) for c in template.criteria.all()}
