"""Reads of the reports app."""

from __future__ import annotations

from django.db.models import QuerySet

from core.reports.models import ReportJob
from core.reports.permissions import jobs_visible_to
from staff.models import User


def job_list(*, user: User, limit: int = 50) -> QuerySet[ReportJob]:
    """The requester's latest jobs, newest first (bounded: the page polls only unfinished)."""
    return jobs_visible_to(user).select_related("version").order_by("-requested_at", "-id")[:limit]
