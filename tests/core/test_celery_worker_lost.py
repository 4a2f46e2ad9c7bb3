"""SEC-28 fault test: a real Celery worker is killed with SIGKILL in the middle of a task; the
unacknowledged message is redelivered to the next worker (acks_late +
reject_on_worker_lost, Redis visibility timeout) and every effect of the task happens exactly
once. The task is caught mid-way by a row lock the test holds: the worker has built the ZIP
and waits to write the package row when it is killed."""

from __future__ import annotations

import os
import re
import signal

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from documents.choices import PackageStatus
from documents.models import ArchivePackage
from documents.services.archive import archive_package_request
from tests.celery_process import celery_worker, wait_for, worker_log

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

FAST_REDELIVERY = {"ENGAGEQC_BROKER_VISIBILITY_SECONDS": "2"}


def _admin_connection() -> psycopg.Connection:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params)


def _waiting_on_a_lock(observer: psycopg.Connection) -> bool:
    row = observer.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND query ILIKE %s",
        ["%documents_archivepackage%FOR UPDATE%"],
    ).fetchone()
    return bool(row and row[0])


def _package_files() -> list[str]:
    folder = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*archive*.zip") if p.is_file())


def _succeeded(log: str) -> int:
    return len(re.findall(r"build_archive_package\[[^\]]+\] succeeded", log))


def test_sec_28_a_worker_killed_mid_task_is_redelivered_and_builds_once(
    project_manager, engagement_a
) -> None:
    # SEC-28
    from config.celery import app

    app.control.purge()  # nothing left over from earlier tests on this broker database
    before = set(_package_files())
    package = archive_package_request(actor=project_manager, engagement=engagement_a)
    assert ArchivePackage.objects.get(pk=package.pk).status == PackageStatus.PENDING

    locker = _admin_connection()  # holds the package row: the task will wait on it
    observer = _admin_connection()
    observer.autocommit = True
    try:
        locker.execute(
            "SELECT id FROM documents_archivepackage WHERE id = %s FOR UPDATE", [package.pk]
        )
        with celery_worker(env=FAST_REDELIVERY) as worker:
            mid_task = wait_for(lambda: _waiting_on_a_lock(observer), timeout=60)
            assert mid_task, worker_log()
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        assert worker.returncode == -signal.SIGKILL
        locker.rollback()  # the killed worker's session gets the row, then finds no client
        assert ArchivePackage.objects.get(pk=package.pk).status == PackageStatus.PENDING

        with celery_worker(env=FAST_REDELIVERY):
            built = wait_for(
                lambda: ArchivePackage.objects.get(pk=package.pk).status == PackageStatus.READY,
                timeout=90,
            )
            assert built, worker_log()
            # A duplicate delivery of the same message is harmless: the task is idempotent.
            from documents.tasks import build_archive_package

            build_archive_package.delay(package.pk)
            assert wait_for(lambda: _succeeded(worker_log()) >= 2), worker_log()
            log = worker_log()
    finally:
        locker.close()
        observer.close()

    package.refresh_from_db()
    new_files = sorted(set(_package_files()) - before)
    assert new_files == [package.file.name], (new_files, log)  # one ZIP written, once
    assert package.size and package.sha256
    assert _succeeded(log) == 2  # the redelivered message and the duplicate, both harmless
