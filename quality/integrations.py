"""How the quality app plugs into the other apps, connected once from ``QualityConfig.ready``.

- a serious complaint opens a special investigation audit (CRM-3 → QC-6);
- a failed acceptance round, a low survey score, and each improvement asked for by a
  post-incident review open a corrective action (ENG-11, CRM-4, RSK-5 → QC-13);
- a deliverable is released to the client only when its version passed the review (ENG-10,
  DOC-3);
- the KPI calculators that need client data (QC-12), the appraisal figures that come from
  reviews, audits and surveys (STF-3), and the early-warning indicators for CSAT, overdue
  complaints and open critical findings (RSK-6).

Every receiver is idempotent (keyed on the source record), because a signal sent after commit
may be delivered again by a retried task.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.figures import Whole
from quality.selectors.improvement import SqlCalculator

logger = logging.getLogger(__name__)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _period(start: date, end: date) -> tuple[datetime, datetime]:
    """[start, end] as whole days, for the appraisal's inclusive periods."""
    return _day_start(start), _day_start(end + timedelta(days=1))


def _oversight_actor(*fallbacks: Any) -> Any:
    """Who opens records on the firm's behalf: the first active QA manager, else the first of
    ``fallbacks`` that is an active staff member."""
    from staff.choices import Role
    from staff.models import User

    qa = User.objects.filter(is_active=True, groups__name=Role.QA_MANAGER).order_by("pk").first()
    if qa is not None:
        return qa
    for user in fallbacks:
        if user is not None and user.is_active and not user.is_client_user:
            return user
    return None


# --- signals from clients and risk ------------------------------------------------------------


def on_serious_complaint(sender: Any, complaint: Any, **kwargs: Any) -> None:
    """CRM-3 → QC-6: one special investigation of the complaint's engagement."""
    from quality.models import Audit
    from quality.models.audits import AuditKind
    from quality.services.audits import audit_open_special_investigation

    engagement = complaint.engagement
    if engagement is None:
        logger.info("Serious complaint %s names no engagement: no audit", complaint.reference)
        return
    marker = f"[{complaint.reference}]"
    if Audit.objects.filter(kind=AuditKind.SPECIAL, reason__startswith=marker).exists():
        return
    actor = _oversight_actor(complaint.logged_by, engagement.project_manager)
    if actor is None:
        logger.warning("No QA manager to open the investigation of %s", complaint.reference)
        return
    audit_open_special_investigation(
        engagement=engagement,
        actor=actor,
        reason=f"{marker} {gettext('Serious complaint')}: {complaint.subject}",
    )


def on_low_survey_score(sender: Any, survey: Any, **kwargs: Any) -> None:
    """CRM-4 → QC-13: a corrective action owned by the engagement's project manager."""
    from quality.models import CorrectiveAction
    from quality.services.improvement import action_open

    ref = f"survey:{survey.pk}"
    if CorrectiveAction.objects.filter(source_kind="survey", source_ref=ref).exists():
        return
    engagement = survey.engagement
    owner = (engagement.project_manager if engagement else None) or _oversight_actor()
    if owner is None:
        return
    text = gettext("Low satisfaction score %(score)s.") % {"score": survey.mean_score}
    if survey.comment:
        text = f"{text} {survey.comment}"
    action_open(
        source_kind="survey",
        source_text=text,
        source_ref=ref,
        engagement=engagement,
        owner=owner,
        actor=_oversight_actor(owner) or owner,
        title=gettext("Follow up a low satisfaction score"),
    )


def on_incident_reviewed(
    sender: Any, incident: Any, improvements: list[dict[str, Any]], actor: Any, **kwargs: Any
) -> None:
    """RSK-5 → QC-13: one action per improvement the post-incident review asked for."""
    from quality.models import CorrectiveAction
    from quality.services.improvement import action_open
    from staff.models import User

    for index, item in enumerate(improvements):
        ref = f"incident:{incident.pk}:{index}"
        if CorrectiveAction.objects.filter(source_kind="incident", source_ref=ref).exists():
            continue
        owner_id = item.get("owner_id")
        owner = (owner_id and User.objects.filter(pk=owner_id, is_active=True).first()) or actor
        due = item.get("due_date")
        action_open(
            source_kind="incident",
            source_text=item["description"],
            source_ref=ref,
            engagement=incident.engagement,
            owner=owner,
            actor=actor,
            kind="preventive",
            due_date=date.fromisoformat(due) if due else None,
        )


def on_failed_acceptance(sender: Any, request: Any, **kwargs: Any) -> None:
    """ENG-11 → QC-13: a failed acceptance round opens a corrective action for the engagement's
    project manager, with the client's reasons."""
    from quality.models import CorrectiveAction
    from quality.services.improvement import action_open

    ref = f"acceptance:{request.pk}"
    if CorrectiveAction.objects.filter(source_kind="failed_acceptance", source_ref=ref).exists():
        return
    engagement = request.engagement
    owner = engagement.project_manager or _oversight_actor()
    if owner is None:
        return
    action_open(
        source_kind="failed_acceptance",
        source_text=request.reasons,
        source_ref=ref,
        engagement=engagement,
        owner=owner,
        actor=_oversight_actor(owner) or owner,
        title=gettext("Rectify a failed acceptance (round %(round)s)") % {"round": request.round},
    )


def complaint_ids() -> list[int]:
    """The complaints a spot check samples from (QC-11)."""
    from clients.models import Complaint

    return list(Complaint.objects.order_by("pk").values_list("pk", flat=True))


# --- release of deliverables (ENG-10, DOC-3) -------------------------------------------------


def release_guard(version: Any) -> str | None:
    from quality.selectors.reviews import version_has_passed_review

    if version_has_passed_review(version):
        return None
    return gettext("This version has not passed the three-level review.")


# --- the archive package (DOC-4) ---------------------------------------------------------------


def archive_reviews_requirement(engagement: Any) -> list[Any]:
    """The archive must show every deliverable's current version passed its review (QC-1)."""
    from documents.services.archive import Requirement
    from quality.selectors.reviews import deliverables_blocking_release

    blocking = [d.code for d in deliverables_blocking_release(engagement)]
    return [
        Requirement(
            "review_records",
            gettext("Review records: every deliverable's current version passed its review"),
            not blocking,
            ", ".join(blocking),
        )
    ]


def _when(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def archive_review_records(engagement: Any) -> list[tuple[str, bytes]]:
    """One record sheet per deliverable's current version (QC-2): each level with its reviewer,
    findings and answers, and the signature manifest with the hash chain (SEC-11). A fixed
    number of queries whatever the number of deliverables, levels or findings."""
    from django.db.models import Prefetch

    from documents.models import Document
    from documents.services.uploads import sanitise_name
    from quality.models import Finding, LevelReview, Signature, VersionReview

    current = Document.objects.filter(engagement=engagement, is_deliverable=True).values(
        "current_version"
    )
    reviews = (
        VersionReview.objects.filter(version__in=current)
        .select_related("version", "document", "author")
        .prefetch_related(
            Prefetch(
                "levels",
                LevelReview.objects.select_related("level", "reviewer").order_by("position"),
            ),
            Prefetch(
                "levels__findings",
                Finding.objects.select_related("raised_by", "answered_by").order_by("raised_at"),
            ),
        )
        .order_by("document__code")
    )
    signatures: dict[int, dict[int, Signature]] = {}
    for row in Signature.objects.filter(version__in=current).order_by("position"):
        signatures.setdefault(row.version_id, {})[row.position] = row
    sections = []
    for review in reviews:
        version = review.version
        signed = signatures.get(version.pk, {})
        record = {
            "document": review.document.code,
            "title": review.document.title,
            "version": version.number,
            "sha256": version.sha256,
            "author": str(review.author),
            "status": review.status,
            "submitted_at": _when(review.submitted_at),
            "concluded_at": _when(review.concluded_at),
            "levels": [
                {
                    "position": level.position,
                    "level": level.level.code,
                    "meaning": level.meaning,
                    "reviewer": str(level.reviewer) if level.reviewer else None,
                    "status": level.status,
                    "times_returned": level.rounds,
                    "findings": [
                        {
                            "location": f.location,
                            "severity": f.severity,
                            "description": f.description,
                            "raised_by": str(f.raised_by),
                            "raised_at": _when(f.raised_at),
                            "answer": f.answer,
                            "answered_at": _when(f.answered_at),
                            "recheck_note": f.recheck_note,
                            "status": f.status,
                        }
                        for f in level.findings.all()
                    ],
                    "signature": (
                        {
                            "printed_name": sig.printed_name,
                            "meaning": sig.meaning,
                            "signed_at_utc": _when(sig.signed_at),
                            "content_hash": sig.content_hash,
                            "previous_hash": sig.previous_hash,
                            "record_hash": sig.record_hash,
                        }
                        if (sig := signed.get(level.position))
                        else None
                    ),
                }
                for level in review.levels.all()
            ],
        }
        name = sanitise_name(f"{review.document.code}_v{version.number}.json")
        data = json.dumps(record, ensure_ascii=False, indent=2).encode()
        sections.append((f"reviews/{name}", data))
    return sections


# --- KPI calculators that need client data (QC-12) -------------------------------------------


def _kpi_csat_finish(row: dict[str, Any]) -> Decimal | None:
    from clients.selectors import csat_from

    value = csat_from(row, "c__")["csat"]
    return None if value is None else Decimal(str(value))


def _kpi_csat_parts(start: datetime, end: datetime) -> dict[str, Any]:
    from clients.selectors import csat_part

    return {"c": csat_part(start, end)}


def _complaints(start: datetime, end: datetime) -> Any:
    from clients.models import Complaint

    return Complaint.objects.filter(received_at__gte=start, received_at__lt=end)


def _response_time_finish(row: dict[str, Any]) -> Decimal | None:
    mean = row["c__mean"]
    if mean is None:
        return None
    return (Decimal(mean.total_seconds()) / 3600).quantize(Decimal("0.01"))


def _resolution_finish(row: dict[str, Any]) -> Decimal | None:
    if not row["c__total"]:
        return None
    return (Decimal(row["c__closed"]) * 100 / row["c__total"]).quantize(Decimal("0.01"))


def _complaint_rate_parts(start: datetime, end: datetime) -> dict[str, Any]:
    from engagements.models import AcceptanceRequest

    verdicts = AcceptanceRequest.objects.filter(verdict_at__gte=start, verdict_at__lt=end)
    return {
        "v": verdicts.values(n=Whole(Count("id"))),
        "c": _complaints(start, end).values(n=Whole(Count("id"))),
    }


def _complaint_rate_finish(row: dict[str, Any]) -> Decimal | None:
    if not row["v__n"]:
        return None
    return (Decimal(row["c__n"]) * 100 / row["v__n"]).quantize(Decimal("0.01"))


kpi_csat = SqlCalculator(_kpi_csat_parts, _kpi_csat_finish)
# Mean hours from receiving a complaint to the first response.
kpi_response_time = SqlCalculator(
    lambda start, end: {
        "c": _complaints(start, end)
        .filter(responded_at__isnull=False)
        .values(mean=Whole(Avg(F("responded_at") - F("received_at"))))
    },
    _response_time_finish,
)
kpi_complaint_resolution_rate = SqlCalculator(
    lambda start, end: {
        "c": _complaints(start, end).values(
            total=Whole(Count("id")), closed=Whole(Count("id", filter=Q(closed_at__isnull=False)))
        )
    },
    _resolution_finish,
)
# Complaints received per 100 acceptance verdicts given in the period.
kpi_complaint_rate = SqlCalculator(_complaint_rate_parts, _complaint_rate_finish)


# --- appraisal figures (STF-3) -----------------------------------------------------------------


def first_time_pass_rate(user: Any, start: date, end: date) -> Decimal | None:
    """Share of the person's deliverable versions that passed every level without being
    returned, of those whose review concluded in the period."""
    from quality.choices import ReviewStatus
    from quality.models import VersionReview

    since, until = _period(start, end)
    row = VersionReview.objects.filter(
        author=user, concluded_at__gte=since, concluded_at__lt=until
    ).aggregate(
        total=Count("id", distinct=True),
        clean=Count(
            "id",
            filter=Q(status=ReviewStatus.PASSED) & ~Q(levels__rounds__gt=0),
            distinct=True,
        ),
    )
    if not row["total"]:
        return None
    return (Decimal(row["clean"]) * 100 / row["total"]).quantize(Decimal("0.1"))


def findings_against(user: Any, start: date, end: date) -> int:
    from quality.models import Finding

    since, until = _period(start, end)
    return Finding.objects.filter(
        level_review__review__author=user, raised_at__gte=since, raised_at__lt=until
    ).count()


def accountability_records(user: Any, start: date, end: date) -> int:
    from quality.selectors.reviews import responsibility_counts

    since, until = _period(start, end)
    return int(responsibility_counts(user, since, until)["total"])


def audit_score(user: Any, start: date, end: date) -> Decimal | None:
    from quality.models import AuditedEngagement

    since, until = _period(start, end)
    mean = (
        AuditedEngagement.objects.filter(scored_at__gte=since, scored_at__lt=until)
        .filter(Q(engagement__project_manager=user) | Q(engagement__members=user))
        .values("pk")
        .distinct()
        .aggregate(mean=Avg("score"))["mean"]
    )
    return None if mean is None else Decimal(mean).quantize(Decimal("0.1"))


def engagement_csat(user: Any, start: date, end: date) -> Decimal | None:
    from clients.selectors import csat_for_period

    since, until = _period(start, end)
    value = csat_for_period(since, until, team_member=user.pk)["csat"]
    return None if value is None else Decimal(str(value))


# --- early-warning indicators (RSK-6) ---------------------------------------------------------


def indicator_csat() -> dict[int | None, Decimal | None]:
    """CSAT of each engagement's answers in the last year."""
    from clients.models import SurveyAnswer
    from clients.selectors import relations_settings

    satisfied = relations_settings().satisfied_from
    since = timezone.now() - timedelta(days=365)
    rows = (
        SurveyAnswer.objects.filter(survey__answered_at__gte=since)
        .exclude(survey__engagement=None)
        .values("survey__engagement")
        .annotate(total=Count("id"), ok=Count("id", filter=Q(score__gte=satisfied)))
    )
    return {
        row["survey__engagement"]: (Decimal(row["ok"]) * 100 / row["total"]).quantize(
            Decimal("0.1")
        )
        for row in rows
        if row["total"]
    }


def indicator_overdue_complaints() -> dict[int | None, Decimal | None]:
    """Open complaints of each engagement with a breached clock."""
    from django.contrib.contenttypes.models import ContentType

    from clients.models import Complaint
    from core.models import SlaClock

    breached = SlaClock.objects.filter(
        content_type=ContentType.objects.get_for_model(Complaint),
        breached_at__isnull=False,
        met_at__isnull=True,
        cancelled_at__isnull=True,
    ).values("object_id")
    rows = (
        Complaint.objects.filter(pk__in=breached, closed_at__isnull=True)
        .exclude(engagement=None)
        .values("engagement")
        .annotate(n=Count("id"))
    )
    return {row["engagement"]: Decimal(row["n"]) for row in rows}


def indicator_critical_findings() -> dict[int | None, Decimal | None]:
    """Open critical review findings per engagement."""
    from quality.choices import FindingSeverity, FindingStatus
    from quality.models import Finding

    rows = (
        Finding.objects.filter(severity=FindingSeverity.CRITICAL)
        .exclude(status=FindingStatus.CLOSED)
        .values("level_review__review__engagement")
        .annotate(n=Count("id"))
    )
    return {row["level_review__review__engagement"]: Decimal(row["n"]) for row in rows}


def connect() -> None:
    from clients.signals import complaint_serious, survey_low_score
    from documents.services.documents import register_release_guard
    from engagements.signals import acceptance_failed
    from quality.selectors.improvement import register_calculator
    from risk.indicators import register_indicator
    from risk.signals import incident_reviewed
    from staff.appraisal import register_figure

    complaint_serious.connect(on_serious_complaint, dispatch_uid="quality.serious_complaint")
    survey_low_score.connect(on_low_survey_score, dispatch_uid="quality.low_survey_score")
    incident_reviewed.connect(on_incident_reviewed, dispatch_uid="quality.incident_reviewed")
    acceptance_failed.connect(on_failed_acceptance, dispatch_uid="quality.failed_acceptance")
    register_release_guard(release_guard)
    from documents.services.archive import register_archive_requirement, register_archive_section

    register_archive_requirement(archive_reviews_requirement)
    register_archive_section(archive_review_records)
    from quality.services.audits import register_sample_population

    register_sample_population("complaints", complaint_ids)

    register_calculator("csat", kpi_csat)
    register_calculator("response_time", kpi_response_time)
    register_calculator("complaint_resolution_rate", kpi_complaint_resolution_rate)
    register_calculator("complaint_rate", kpi_complaint_rate)

    def inbox(user: Any, start: date, end: date) -> str:
        return reverse("quality:review_inbox")

    def audits(user: Any, start: date, end: date) -> str:
        return reverse("quality:audit_list")

    def csat_page(user: Any, start: date, end: date) -> str:
        return reverse("clients:csat")

    register_figure(
        "quality.first_time_pass_rate",
        _("First-time pass rate of deliverables"),
        first_time_pass_rate,
        inbox,
        unit="%",
        order=30,
    )
    register_figure(
        "quality.findings_against",
        _("Review findings raised against their work"),
        findings_against,
        inbox,
        order=40,
    )
    register_figure(
        "quality.accountability",
        _("Accountability records (QC-4)"),
        accountability_records,
        inbox,
        order=50,
    )
    register_figure(
        "quality.audit_score", _("Audit score of their engagements"), audit_score, audits, order=60
    )
    register_figure(
        "clients.csat",
        _("CSAT of their engagements"),
        engagement_csat,
        csat_page,
        unit="%",
        order=70,
    )

    register_indicator(
        "csat",
        _("Client satisfaction (CSAT)"),
        indicator_csat,
        worse="below",
        default_threshold=lambda: Decimal("85"),
    )
    register_indicator(
        "overdue_complaints",
        _("Overdue complaints"),
        indicator_overdue_complaints,
        default_threshold=lambda: Decimal("0"),
        percent=False,
    )
    register_indicator(
        "critical_findings",
        _("Open critical review findings"),
        indicator_critical_findings,
        default_threshold=lambda: Decimal("0"),
        percent=False,
    )
