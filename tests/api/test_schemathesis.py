"""Property-based API tests generated from the OpenAPI schema (SEC-22, SEC-23).

Schemathesis calls every operation of ``/api/schema/`` with generated valid (positive) and
invalid (negative) data, as an administrator (who reaches the most code), through the real WSGI
stack and database. No answer may be a server error, and invalid input must be rejected with
a 4xx. All failures are collected and reported together, one line per operation.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

from config.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES_PER_MODE = 6


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # The WSGI handler closes database connections at the end of each request; inside the
    # test's transaction that would close it under our feet (Django's own test client makes
    # the same disconnect).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_no_operation_answers_a_server_error_or_accepts_invalid_data(admin_user) -> None:
    # SEC-22, SEC-23
    headers = {"Authorization": f"Token {Token.objects.get_or_create(user=admin_user)[0].key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application, headers=headers)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) > 20

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES_PER_MODE,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case) -> None:
                checks = [not_a_server_error, negative_data_rejection]
                if case.media_type == "multipart/form-data":
                    # A form cannot tell an empty array from an absent field, nor a number from
                    # its text: negative multipart cases turned into valid forms are "accepted"
                    # falsely. Uploads' own validation is tested in tests/documents (SEC-17).
                    checks = [not_a_server_error]
                case.call_and_validate(headers=headers, checks=checks)

            try:
                run()
            except Unsatisfiable:
                continue  # no invalid input exists (an operation without parameters or body)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collect them all
                first = str(exc).strip().splitlines()[:24]
                failures.append(f"{operation.label} [{mode}]: " + " | ".join(first))

    assert not failures, "\n".join(failures)
