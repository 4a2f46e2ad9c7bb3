"""Writes for quality audits (QC-6…QC-11). Every service is atomic, takes an ``actor`` and
refuses with a core error; views and the API only call these."""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.sla.services import open_clock, sla_clock_meet, sla_clock_start
from engagements.models import Engagement
from quality.models import (
    AnnualResult,
    Audit,
    AuditedEngagement,
    ChecklistTemplate,
    CriterionScore,
    SpotCheckSample,
)
from quality.models.audits import AuditKind, AuditStatus, Grade, audit_settings
from staff.choices import Role
from staff.models import User

AUDIT_MANAGERS = (Role.QA_MANAGER, Role.ADMIN)
REPLY_POLICY = "audit_rectification_reply"


def can_manage_audits(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*AUDIT_MANAGERS))


def require_audit_manager(actor: User) -> None:
    if not can_manage_audits(actor):
        raise ForbiddenError(_("Only the QA manager or an administrator can do this."))


def can_reply(user: User, entry: AuditedEngagement) -> bool:
    """The audited team answers: its project manager or a member of the engagement."""
    engagement = entry.engagement
    if not user.is_authenticated or not user.is_active or user.is_client_user:
        return False
    if engagement.project_manager_id == user.pk:
        return True
    return Engagement.members.through.objects.filter(
        engagement_id=engagement.pk, user_id=user.pk
    ).exists()


# --- checklists --------------------------------------------------------------------------------


def checklist_total(template: ChecklistTemplate) -> Decimal:
    return template.criteria.aggregate(total=Sum("weight"))["total"] or Decimal("0")


def checklist_require_complete(template: ChecklistTemplate) -> None:
    """QC-6: a checklist scores on a 100-point scale, so its weights must sum to 100."""
    total = checklist_total(template)
    if total != Decimal("100"):
        raise ApplicationError(
            _("The weights of checklist “%(name)s” sum to %(total)s, not 100.")
            % {"name": template.name, "total": total.normalize()}
        )


def default_template() -> ChecklistTemplate:
    """The standard checklist, or else the first active one."""
    template = (
        ChecklistTemplate.objects.filter(code="standard", is_active=True).first()
        or ChecklistTemplate.objects.filter(is_active=True).order_by("id").first()
    )
    if template is None:
        raise ApplicationError(_("No active audit checklist exists."))
    return template


# --- planning ----------------------------------------------------------------------------------


def serialize_numbering(prefix: str) -> None:
    """Two transactions numbering the same series wait for each other (a transaction-scoped
    advisory lock), so concurrent creations never pick the same code."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [prefix])


def _next_code(year: int) -> str:
    prefix = f"QA-{year}-"
    serialize_numbering(prefix)
    last = (
        Audit.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:03d}"


@transaction.atomic
def audit_plan(
    *,
    actor: User,
    kind: str,
    title: str,
    planned_date: date,
    engagements: Iterable[Engagement],
    template: ChecklistTemplate | None = None,
    lead_auditor: User | None = None,
    reason: str = "",
    check_actor: bool = True,
) -> Audit:
    """Plan an audit (QC-6) of one or more engagements with a complete checklist."""
    if check_actor:
        require_audit_manager(actor)
    if kind not in AuditKind.values:
        raise ApplicationError(_("Unknown audit kind."))
    engagements = list({e.pk: e for e in engagements}.values())
    if not engagements:
        raise ApplicationError(_("An audit covers at least one engagement."))
    if kind == AuditKind.SPECIAL and not reason.strip():
        raise ApplicationError(_("A special investigation states its reason."))
    template = template or default_template()
    if not template.is_active:
        raise ApplicationError(_("This checklist is not active."))
    checklist_require_complete(template)
    audit = Audit.objects.create(
        code=_next_code(planned_date.year),
        kind=kind,
        title=title,
        reason=reason,
        planned_date=planned_date,
        template=template,
        lead_auditor=lead_auditor or actor,
        created_by=actor,
    )
    for engagement in engagements:
        AuditedEngagement.objects.create(audit=audit, engagement=engagement)
    return audit


def audit_open_special_investigation(
    *, engagement: Engagement, reason: str, actor: User, title: str = ""
) -> Audit:
    """Open a special investigation (专项稽查, QC-6) of ``engagement``, e.g. from a serious
    complaint (CRM-3), a report or a major quality incident. For other apps to call: the
    caller has already decided the investigation is warranted, so the actor needs no QA role;
    the standard checklist is used and the actor leads until the QA manager reassigns."""
    return audit_plan(
        actor=actor,
        kind=AuditKind.SPECIAL,
        title=title or _("Special investigation: %(code)s") % {"code": engagement.code},
        planned_date=timezone.localdate(),
        engagements=[engagement],
        reason=reason,
        check_actor=False,
    )


def _locked_audit(audit_id: int) -> Audit:
    return Audit.objects.select_for_update().select_related("template").get(pk=audit_id)


@transaction.atomic
def audit_add_engagement(*, actor: User, audit: Audit, engagement: Engagement) -> AuditedEngagement:
    require_audit_manager(actor)
    audit = _locked_audit(audit.pk)
    if audit.status == AuditStatus.CONCLUDED:
        raise ConflictError(_("This audit is concluded."))
    try:
        with transaction.atomic():
            return AuditedEngagement.objects.create(audit=audit, engagement=engagement)
    except IntegrityError as exc:
        raise ConflictError(_("This engagement is already in the audit.")) from exc


# --- scoring -----------------------------------------------------------------------------------


@transaction.atomic
def audit_score(
    *,
    actor: User,
    entry: AuditedEngagement,
    points: Mapping[int, Decimal],
    notes: Mapping[int, str] | None = None,
) -> AuditedEngagement:
    """Score one engagement against every criterion of the audit's checklist; the score is
    the sum of points (0…100) and its grade follows the firm's bands (QC-6, QC-7)."""
    require_audit_manager(actor)
    audit = _locked_audit(entry.audit_id)
    if audit.status == AuditStatus.CONCLUDED:
        raise ConflictError(_("This audit is concluded; its scores can no longer change."))
    entry = AuditedEngagement.objects.select_for_update().get(pk=entry.pk)
    criteria = list(audit.template.criteria.all())
    notes = notes or {}
    missing = [c for c in criteria if c.pk not in points]
    if missing:
        raise ApplicationError(
            _("Score every criterion: “%(text)s” has no points.") % {"text": missing[0].text}
        )
    total = Decimal("0")
    for criterion in criteria:
        value = Decimal(points[criterion.pk])
        if value < 0 or value > criterion.weight:
            raise ApplicationError(
                _("Points for “%(text)s” must be between 0 and %(weight)s.")
                % {"text": criterion.text, "weight": criterion.weight.normalize()}
            )
        total += value
        CriterionScore.objects.update_or_create(
            entry=entry,
            criterion=criterion,
            defaults={"points": value, "note": (notes.get(criterion.pk) or "")[:500]},
        )
    entry.score = total
    entry.grade = audit_settings().grade_for(total)
    entry.scored_at = timezone.now()
    entry.save(update_fields=["score", "grade", "scored_at", "updated_at"])
    if audit.status == AuditStatus.PLANNED:
        audit.status = AuditStatus.IN_PROGRESS
        audit.save(update_fields=["status", "updated_at"])
    return entry


@transaction.atomic
def audit_conclude(*, actor: User, audit: Audit) -> Audit:
    """QC-8: the audit's conclusion is its lowest engagement score."""
    require_audit_manager(actor)
    audit = _locked_audit(audit.pk)
    if audit.status == AuditStatus.CONCLUDED:
        raise ConflictError(_("This audit is already concluded."))
    entries = list(audit.entries.all())
    if not entries or any(e.score is None for e in entries):
        raise ConflictError(_("Score every engagement before concluding the audit."))
    lowest = min(e.score for e in entries if e.score is not None)
    audit.conclusion_score = lowest
    audit.conclusion_grade = audit_settings().grade_for(lowest)
    audit.status = AuditStatus.CONCLUDED
    audit.concluded_at = timezone.now()
    audit.save(
        update_fields=[
            "conclusion_score",
            "conclusion_grade",
            "status",
            "concluded_at",
            "updated_at",
        ]
    )
    return audit


# --- written opinion and the team's reply (QC-9) ------------------------------------------------


@transaction.atomic
def audit_opinion_send(*, actor: User, entry: AuditedEngagement, opinion: str) -> AuditedEngagement:
    """Send the written opinion to the audited team and start its reply clock (10 days by
    default, the ``audit_rectification_reply`` SLA policy). An unqualified engagement also
    gets a corrective action (QC-13)."""
    require_audit_manager(actor)
    entry = (
        AuditedEngagement.objects.select_for_update()
        .select_related("audit", "engagement")
        .get(pk=entry.pk)
    )
    if not opinion.strip():
        raise ApplicationError(_("Write the opinion."))
    if entry.score is None:
        raise ConflictError(_("Score the engagement before sending the opinion."))
    if entry.opinion_sent_at is not None:
        raise ConflictError(_("The opinion was already sent."))
    entry.opinion = opinion
    entry.opinion_sent_at = timezone.now()
    entry.save(update_fields=["opinion", "opinion_sent_at", "updated_at"])
    owner = entry.engagement.project_manager
    sla_clock_start(
        policy=REPLY_POLICY, target=entry, owner=owner, started_at=entry.opinion_sent_at
    )
    if entry.grade == Grade.UNQUALIFIED:
        from quality.services.improvement import action_open

        action_open(
            source_kind="audit",
            source_text=opinion,
            source_ref=str(entry),
            engagement=entry.engagement,
            owner=owner or actor,
            actor=actor,
            title=_("Rectify audit %(code)s") % {"code": entry.audit.code},
        )
    return entry


@transaction.atomic
def audit_reply(*, actor: User, entry: AuditedEngagement, reply: str) -> AuditedEngagement:
    """The audited team replies with its rectification; the reply clock is met (QC-9)."""
    entry = (
        AuditedEngagement.objects.select_for_update()
        .select_related("audit", "engagement")
        .get(pk=entry.pk)
    )
    if not can_reply(actor, entry):
        raise ForbiddenError(_("Only the audited engagement's team can reply."))
    if entry.opinion_sent_at is None:
        raise ConflictError(_("No opinion has been sent yet."))
    if entry.replied_at is not None:
        raise ConflictError(_("The team has already replied."))
    if not reply.strip():
        raise ApplicationError(_("Write the rectification reply."))
    entry.reply = reply
    entry.replied_at = timezone.now()
    entry.replied_by = actor
    entry.save(update_fields=["reply", "replied_at", "replied_by", "updated_at"])
    clock = open_clock(policy=REPLY_POLICY, target=entry)
    if clock is not None:
        sla_clock_meet(clock=clock, at=entry.replied_at)
    return entry


# --- annual results (QC-10) --------------------------------------------------------------------


def _team_members(engagement: Engagement, directors: list[User]) -> list[dict[str, object]]:
    people: list[dict[str, object]] = []
    if engagement.project_manager is not None:
        pm = engagement.project_manager
        people.append({"id": pm.pk, "name": str(pm), "role": "project_manager"})
    for member in engagement.members.all():
        if not any(p["id"] == member.pk for p in people):
            people.append({"id": member.pk, "name": str(member), "role": "engineer"})
    for director in directors:
        people.append({"id": director.pk, "name": str(director), "role": "technical_director"})
    return people


@transaction.atomic
def annual_results_publish(*, actor: User, year: int) -> list[AnnualResult]:
    """Publish the year's ranking: each audited engagement team ranked by its lowest score of
    the year's concluded audits; the best flagged for award, those below the pass mark flagged
    for re-inspection with their members and the firm's penalty recorded. Publishing again
    replaces the year's rows."""
    from quality.selectors.audits import annual_ranking

    require_audit_manager(actor)
    ranking = annual_ranking(year=year)
    if not ranking:
        raise ConflictError(
            _("No concluded audit scored an engagement in %(year)s.") % {"year": year}
        )
    settings_row = audit_settings()
    directors = list(
        User.objects.filter(groups__name=Role.TECHNICAL_DIRECTOR, is_active=True).distinct()
    )
    # SEC-16: row by row, so each replaced row's deletion is in its history under the actor.
    for old in AnnualResult.objects.filter(year=year):
        old._history_user = actor  # type: ignore[attr-defined]
        old.delete()
    engagements = Engagement.objects.in_bulk([row.engagement_id for row in ranking])
    rows = []
    for row in ranking:
        engagement = engagements[row.engagement_id]
        reinspect = row.score < settings_row.qualified_from
        rows.append(
            AnnualResult.objects.create(
                year=year,
                engagement=engagement,
                score=row.score,
                grade=settings_row.grade_for(row.score),
                rank=row.rank,
                award=row.rank == 1 and not reinspect,
                reinspect=reinspect,
                members=_team_members(engagement, directors) if reinspect else [],
                penalty=settings_row.penalty_text if reinspect else "",
                published_by=actor,
            )
        )
    return rows


# --- spot-check sampling (QC-11) ---------------------------------------------------------------

# population key → callable returning the ids of the records that may be sampled. Other apps
# register theirs (complaints: clients app) with ``register_sample_population``.
SAMPLE_POPULATIONS: dict[str, Callable[[], list[int]]] = {}


def register_sample_population(key: str, fn: Callable[[], list[int]]) -> None:
    SAMPLE_POPULATIONS[key] = fn


def _engagement_ids() -> list[int]:
    from engagements.choices import Stage

    excluded = [Stage.LEAD, Stage.DECLINED, Stage.CANCELLED]
    return list(
        Engagement.objects.exclude(stage__in=excluded).order_by("pk").values_list("pk", flat=True)
    )


def _deliverable_ids() -> list[int]:
    from documents.models import Document

    return list(Document.objects.order_by("pk").values_list("pk", flat=True))


register_sample_population("engagements", _engagement_ids)
register_sample_population("deliverables", _deliverable_ids)


def draw(population_ids: list[int], seed: int, percent: Decimal) -> list[int]:
    """The same ids, seed and percent always give the same sample: ``percent`` of the
    population rounded up, at least one record."""
    ordered = sorted(set(population_ids))
    if not ordered:
        return []
    size = max(1, math.ceil(len(ordered) * Decimal(percent) / 100))
    return sorted(random.Random(seed).sample(ordered, min(size, len(ordered))))  # noqa: S311


@transaction.atomic
def spot_check_draw(
    *, actor: User, population: str, seed: int | None = None, audit: Audit | None = None
) -> SpotCheckSample:
    require_audit_manager(actor)
    source = SAMPLE_POPULATIONS.get(population)
    if source is None:
        raise ApplicationError(
            _("No records of kind “%(kind)s” can be sampled yet.") % {"kind": population}
        )
    ids = source()
    if not ids:
        raise ConflictError(_("There is nothing to sample."))
    seed = seed if seed is not None else secrets.randbelow(2**31)
    percent = audit_settings().sample_percent
    return SpotCheckSample.objects.create(
        population=population,
        seed=seed,
        percent=percent,
        population_ids=sorted(set(ids)),
        sampled_ids=draw(ids, seed, percent),
        audit=audit,
        drawn_by=actor,
    )


def spot_check_redraw(sample: SpotCheckSample) -> list[int]:
    """Re-draw a stored sample from its seed and population (read-only check)."""
    return draw(sample.population_ids, sample.seed, sample.percent)
