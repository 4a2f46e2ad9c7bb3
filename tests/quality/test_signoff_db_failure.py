"""SEC-30 on PostgreSQL: the database connection dies in the middle of a sign-off (between the
signature insert and the level's state update). The sign-off fails with a database error,
nothing half-done is left, the signatures committed before still verify, and signing again
succeeds."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection

from quality.choices import LevelStatus
from quality.models import LevelReview, Signature
from quality.services import reviews as svc
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _terminate(pid: int) -> None:
    """pg_terminate_backend from a second, independent connection: what a database restart
    does to the sign-off's session, without restarting the shared server."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def _no_half_done_state() -> None:
    """Every signature has its level signed and every signed level has its signature."""
    signed_levels = set(
        LevelReview.objects.filter(status=LevelStatus.SIGNED).values_list("pk", flat=True)
    )
    signatures = set(Signature.objects.values_list("level_review_id", flat=True))
    assert signed_levels == signatures


def test_sec_30_a_connection_killed_mid_signoff_leaves_nothing_half_done(
    version, consultant, discipline_lead, project_manager, monkeypatch
):
    # SEC-30
    review = svc.review_submit(actor=consultant, version=version)
    first = review.levels.get(position=1)
    second = review.levels.get(position=2)
    svc.review_sign(actor=discipline_lead, level_id=first.pk, password=TEST_PASSWORD)
    call_command("verify_signatures")

    original_save = LevelReview.save
    killed: list[int] = []

    def save_after_losing_the_database(self: LevelReview, *args: Any, **kwargs: Any) -> None:
        # The signature row is inserted (uncommitted); the session dies before the level's
        # state is written.
        if self.pk == second.pk and self.status == LevelStatus.SIGNED and not killed:
            pid = connection.connection.info.backend_pid
            killed.append(pid)
            _terminate(pid)
        original_save(self, *args, **kwargs)

    monkeypatch.setattr(LevelReview, "save", save_after_losing_the_database)
    with pytest.raises(DatabaseError):
        svc.review_sign(actor=project_manager, level_id=second.pk, password=TEST_PASSWORD)
    assert killed, "the fault was not injected"
    monkeypatch.setattr(LevelReview, "save", original_save)
    connection.close()  # the next query opens a fresh session, as after a restart

    # Nothing half-done: no signature for the interrupted level, its state untouched.
    assert not Signature.objects.filter(level_review=second).exists()
    second.refresh_from_db()
    assert second.status == LevelStatus.OPEN
    review.refresh_from_db()
    assert review.current_position == 2
    _no_half_done_state()
    # The signature committed before the failure still verifies (exit status 0).
    call_command("verify_signatures")

    # Retrying succeeds and the chain still verifies.
    signature = svc.review_sign(actor=project_manager, level_id=second.pk, password=TEST_PASSWORD)
    assert signature.previous == Signature.objects.get(level_review=first)
    _no_half_done_state()
    call_command("verify_signatures")
