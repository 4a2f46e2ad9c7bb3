"""SEC-14 on PostgreSQL: 50 concurrent identical sign-offs produce exactly one signature."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from core.exceptions import ApplicationError
from quality.models import Signature
from quality.services import reviews as svc
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_sec_14_qc_3_fifty_concurrent_identical_signoffs_make_one_signature(
    version, consultant, discipline_lead
):
    """SEC-14, QC-3: row lock + unique constraint; the other 49 are refused with a conflict."""
    review = svc.review_submit(actor=consultant, version=version)
    level_id = review.levels.get(position=1).pk
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def sign() -> None:
        try:
            barrier.wait()
            svc.review_sign(actor=discipline_lead, level_id=level_id, password=TEST_PASSWORD)
            result = "signed"
        except ApplicationError as exc:
            result = type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - any other failure must fail the test below
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=sign) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("signed") == 1, outcomes
    assert set(outcomes) == {"signed", "ConflictError"}, outcomes
    assert Signature.objects.filter(version=version).count() == 1
    review.refresh_from_db()
    assert review.current_position == 2
