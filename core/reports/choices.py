"""Report kinds and job states (QC-14, QC-2, ENG-11, QC-6…QC-10, RSK, STF-3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quality report (period)")
    ANNUAL = "annual", _("Annual audit results")
    FLOW_SHEET = "flow_sheet", _("Quality control flow sheet")
    ACCEPTANCE = "acceptance", _("Acceptance report")
    AUDIT = "audit", _("Audit report")
    RISK_REGISTER = "risk_register", _("Risk register report")
    APPRAISAL = "appraisal", _("Appraisal report")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# Allowed moves of a job (one table per machine, STYLE.md). A failed or stuck running job may be
# rendered again: the render is idempotent.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    JobStatus.QUEUED: (JobStatus.RUNNING, JobStatus.FAILED),
    JobStatus.RUNNING: (JobStatus.RUNNING, JobStatus.DONE, JobStatus.FAILED),
    JobStatus.FAILED: (JobStatus.RUNNING,),
    JobStatus.DONE: (),
}
