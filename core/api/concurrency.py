"""Optimistic concurrency for API updates (SEC-15).

A GET of an editable resource answers with an ``ETag`` built from the row's id and its last
modification time; a PUT that sends ``If-Match`` with an older tag is refused with 412 and
changes nothing. The check runs under a row lock in the same transaction as the write, so two
clients holding the same tag cannot both win.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from django.db import models, transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.request import Request
from rest_framework.response import Response

from core.exceptions import StaleWriteError


class _Stamped(Protocol):
    pk: object
    updated_at: object


def etag_of(instance: _Stamped | None) -> str:
    if instance is None:
        return '"none"'
    stamp = getattr(instance.updated_at, "timestamp", lambda: 0)()
    return f'"{instance.pk}-{int(stamp * 1_000_000)}"'


def with_etag(response: Response, instance: _Stamped | None) -> Response:
    response["ETag"] = etag_of(instance)
    return response


def matches(header: str, instance: _Stamped | None) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags and instance is not None or etag_of(instance) in tags


def write_if_current[M: models.Model, R](
    request: Request, queryset: models.QuerySet[M], write: Callable[[], R]
) -> R:
    """Run ``write`` only if the request's ``If-Match`` (when sent) names the current row of
    ``queryset`` (at most one row, or none yet); the row stays locked until the write commits."""
    with transaction.atomic():
        current = queryset.select_for_update().first()
        header = request.headers.get("If-Match")
        if header and not matches(header, current):  # type: ignore[arg-type]
            raise StaleWriteError(
                _(
                    "Someone changed this record after you loaded it. Reload it, check their "
                    "changes and save again."
                ),
            )
        return write()


STALE = OpenApiResponse(
    description="If-Match named an older version: the error format with code `stale`; "
    "nothing was saved."
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the GET this edit is based on; a stale tag answers 412.",
)
