"""Shared fixtures: the named users of STYLE.md, two client organisations, and markers that
skip with a stated reason when a real service is not configured."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from staff.choices import Role
from tests.factories import ClientFactory, EngagementFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")


def _is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    in_ci = os.environ.get("CI") == "true"
    reasons = {
        "postgres": None if _is_postgres() else "needs PostgreSQL: set DATABASE_URL=postgres://…",
        "redis": None if settings.REDIS_URL else "needs Redis: set REDIS_URL=redis://…",
        "browser": None if CHROMIUM.exists() else "needs Debian's chromium at /usr/bin/chromium",
    }
    for item in items:
        for marker, reason in reasons.items():
            # CI installs Chromium: a missing browser there is a broken set-up and must fail.
            if reason and item.get_closest_marker(marker) and not (marker == "browser" and in_ci):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session", autouse=True)
def _clean_test_var_dir() -> None:
    """A fresh filesystem-broker folder per session: no stale messages from an earlier run."""
    shutil.rmtree(settings.CELERY_FS_BROKER_DIR, ignore_errors=True)
    settings.CELERY_FS_BROKER_DIR.mkdir(parents=True, exist_ok=True)
    (settings.CELERY_FS_BROKER_DIR / "processed").mkdir(exist_ok=True)


@pytest.fixture(scope="session", autouse=True)
def _migration_data_at_start(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> None:
    """With --reuse-db the database kept from an earlier run may have been flushed by its last
    transactional test; seed what migrations seed once at the start, so a re-used database
    behaves like a freshly migrated one. Only when a collected test uses the database: without
    one, pytest-django sets up no test database and the connection names the real one."""
    db_fixtures = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}
    if not any(
        item.get_closest_marker("django_db") or db_fixtures & set(getattr(item, "fixturenames", ()))
        for item in request.session.items
    ):
        return
    with django_db_blocker.unblock():
        seed_migration_data()


@pytest.fixture(autouse=True)
def _migration_data_after_flush(request: pytest.FixtureRequest) -> None:
    """A transactional test flushes the database when it ends, deleting what migrations
    seeded (default SLA policies, the holiday calendar). Django 6.1 restores serialized data
    per class, which pytest-django does not trigger, so re-seed it at the start of each
    transactional test with the migration's own code."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    seed_migration_data()


def seed_migration_data() -> None:
    """What migrations seed, written again with their own code (idempotent)."""
    import importlib

    from django.apps import apps

    from core.calendar.services import calendar_sync_from_package
    from staff.roles import sync_role_groups

    importlib.import_module("core.migrations.0003_default_sla_policies").create_defaults(apps, None)
    calendar_sync_from_package()
    sync_role_groups()
    # Apps whose migrations seed defaults (review levels, KPIs, the risk matrix…) expose the
    # same code as ``AppConfig.seed_defaults()``; re-run each here.
    for app_config in apps.get_app_configs():
        seed = getattr(app_config, "seed_defaults", None)
        if callable(seed):
            seed()


@pytest.fixture
def client_a(db):
    return ClientFactory(code="client-a", name="甲方客户")


@pytest.fixture
def client_b(db):
    return ClientFactory(code="client-b", name="乙方客户")


def _user(username: str, role: Role | None, **extra):
    return UserFactory(username=username, roles=[role.value] if role else [], **extra)


@pytest.fixture
def consultant(db):
    return _user("consultant", Role.CONSULTANT)


@pytest.fixture
def project_manager(db):
    return _user("project_manager", Role.PROJECT_MANAGER)


@pytest.fixture
def discipline_lead(db):
    return _user("discipline_lead", Role.DISCIPLINE_LEAD)


@pytest.fixture
def technical_director(db):
    return _user("technical_director", Role.TECHNICAL_DIRECTOR)


@pytest.fixture
def qa_manager(db):
    return _user("qa_manager", Role.QA_MANAGER)


@pytest.fixture
def legal_reviewer(db):
    return _user("legal_reviewer", Role.LEGAL_REVIEWER)


@pytest.fixture
def admin_user(db):
    return _user("firm_admin", Role.ADMIN, is_staff=True)


@pytest.fixture
def client_user(client_a):
    return _user("client_user", Role.CLIENT, client=client_a)


@pytest.fixture
def other_client_user(client_b):
    return _user("other_client_user", Role.CLIENT, client=client_b)


@pytest.fixture
def outsider(db):
    """A signed-in account with no role at all."""
    return _user("outsider", None)


@pytest.fixture
def engagement_a(client_a, project_manager, consultant):
    engagement = EngagementFactory(client=client_a, project_manager=project_manager)
    engagement.members.add(consultant)
    # The consultant has declared independence, so they may work on it (STF-5).
    from django.utils import timezone

    from staff.models import Declaration

    Declaration.objects.create(
        engagement=engagement, user=consultant, independent=True, declared_at=timezone.now()
    )
    return engagement


@pytest.fixture
def engagement_b(client_b):
    return EngagementFactory(client=client_b)
