"""Who sees which report job and its file. A job is its requester's; its file is streamed only
after the requester is authorised for the report's subject again (access may have been lost
since), otherwise 404 like a missing job (SEC-2, SEC-5). Client users have no reports."""

from __future__ import annotations

from django.db.models import QuerySet

from core.exceptions import ApplicationError
from core.reports.choices import ReportKind
from core.reports.kinds import REGISTRY, is_staff, not_found, spec_for
from core.reports.models import ReportJob
from staff.models import User


def jobs_visible_to(user: User) -> QuerySet[ReportJob]:
    if not is_staff(user):
        return ReportJob.objects.none()
    return ReportJob.objects.filter(requested_by_id=user.pk)


def access_job(user: User, pk: int) -> ReportJob:
    if not 0 < pk < 2**62:
        raise not_found()
    job = jobs_visible_to(user).select_related("version").filter(pk=pk).first()
    if job is None:
        raise not_found()
    return job


def authorise_download(user: User, job: ReportJob) -> None:
    """Raise 404 unless ``user`` may still read the report's subject."""
    try:
        spec_for(job.kind).authorise(user, dict(job.params))
    except ApplicationError as exc:
        raise not_found() from exc


def kinds_for(user: User) -> list[str]:
    return [
        kind for kind in ReportKind.values if kind in REGISTRY and REGISTRY[kind].may_request(user)
    ]
