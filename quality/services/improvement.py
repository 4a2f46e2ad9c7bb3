"""Writes for KPIs (QC-12), corrective and preventive actions (QC-13, IMP-2), improvement
initiatives (IMP-1) and the case library (IMP-3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.notifications.services import notify
from core.sla.services import open_clock, sla_clock_cancel, sla_clock_meet, sla_clock_start
from engagements.choices import Stage
from engagements.models import Engagement
from quality.models import (
    ActionProgress,
    CaseEntry,
    CorrectiveAction,
    Initiative,
    KpiBreach,
    KpiMeasurement,
    KpiObjective,
)
from quality.models.audits import audit_settings
from quality.models.improvement import ActionSource, KpiStatus, PdcaStage
from quality.selectors.improvement import CALCULATORS
from quality.services.audits import (
    can_manage_audits,
    require_audit_manager,
    serialize_numbering,
)
from quality.signals import kpi_breached
from staff.choices import Role
from staff.models import User

ACTION_POLICY = "quality_action_due"
KPI_POLICY = "kpi_breach_rectification_start"
VERIFIER_ROLES = (Role.QA_MANAGER, Role.ADMIN, Role.TECHNICAL_DIRECTOR)


# --- KPIs (QC-12) ------------------------------------------------------------------------------


@dataclass
class KpiSweepResult:
    evaluated: int = 0
    breached: int = 0
    cleared: int = 0


def _kpi_recipients(objective: KpiObjective) -> list[User]:
    if objective.owner is not None:
        return [objective.owner]
    return list(User.objects.filter(groups__name=Role.QA_MANAGER, is_active=True).distinct())


def kpi_evaluate(*, objective: KpiObjective, now: datetime | None = None) -> str:
    """Compute one objective over its window and record the value. A breach opens once (a
    breach row, one notification to the owner and a 24-hour clock to start rectification);
    later sweeps that still find it breached do nothing more; a value back within the warning
    threshold clears it."""
    now = now or timezone.now()
    calculator = CALCULATORS.get(objective.calculator)
    value = None
    if calculator is not None:
        value = calculator(now - timedelta(days=objective.window_days), now)
    status = objective.status_for(value)
    with transaction.atomic():
        objective = KpiObjective.objects.select_for_update().get(pk=objective.pk)
        objective.last_value = value
        objective.last_status = status
        objective.last_evaluated_at = now
        objective.save(update_fields=["last_value", "last_status", "last_evaluated_at"])
        KpiMeasurement.objects.create(
            objective=objective, measured_at=now, value=value, status=status
        )
        open_breach = KpiBreach.objects.filter(objective=objective, cleared_at__isnull=True).first()
        if status == KpiStatus.BREACH and open_breach is None and value is not None:
            breach = KpiBreach.objects.create(objective=objective, opened_at=now, value=value)
            kpi_breached.send(sender=KpiBreach, breach=breach)
            owner = objective.owner
            sla_clock_start(policy=KPI_POLICY, target=breach, owner=owner, started_at=now)
            notify(
                recipients=_kpi_recipients(objective),
                kind="kpi_breach",
                event_key=f"kpi_breach:{breach.pk}",
                params={
                    "kpi": {"zh-hans": objective.name, "en": objective.name_en or objective.name},
                    "value": f"{value}{objective.unit}",
                    "target": f"{objective.target}{objective.unit}",
                },
                link=breach.get_absolute_url(),
            )
        elif status in (KpiStatus.OK, KpiStatus.WARNING) and open_breach is not None:
            open_breach.cleared_at = now
            open_breach.save(update_fields=["cleared_at"])
            clock = open_clock(policy=KPI_POLICY, target=open_breach)
            if clock is not None:
                sla_clock_cancel(clock=clock, at=now)
    return status


def kpi_sweep(*, now: datetime | None = None) -> KpiSweepResult:
    """The periodic sweep (beat): evaluate every active objective."""
    result = KpiSweepResult()
    for objective in KpiObjective.objects.filter(is_active=True).select_related("owner"):
        before = KpiBreach.objects.filter(objective=objective, cleared_at__isnull=True).exists()
        status = kpi_evaluate(objective=objective, now=now)
        result.evaluated += 1
        if status == KpiStatus.BREACH and not before:
            result.breached += 1
        elif status in (KpiStatus.OK, KpiStatus.WARNING) and before:
            result.cleared += 1
    return result


@transaction.atomic
def kpi_breach_rectify(
    *, actor: User, breach: KpiBreach, owner: User, due_date: date | None = None, plan: str = ""
) -> CorrectiveAction:
    """Start rectification of a breach: open its corrective action; the 24-hour clock is met."""
    breach = KpiBreach.objects.select_for_update().select_related("objective").get(pk=breach.pk)
    objective = breach.objective
    if not (can_manage_audits(actor) or objective.owner_id == actor.pk):
        raise ForbiddenError(_("Only the KPI's owner or the QA manager can start rectification."))
    action = action_open(
        source_kind=ActionSource.KPI,
        source_text=_("%(kpi)s at %(value)s, target %(target)s")
        % {"kpi": objective.name, "value": breach.value, "target": objective.target},
        source_ref=f"kpi:{objective.code}:{breach.pk}",
        engagement=None,
        owner=owner,
        actor=actor,
        due_date=due_date,
        plan=plan,
        title=_("Rectify KPI: %(kpi)s") % {"kpi": objective.name},
    )
    clock = open_clock(policy=KPI_POLICY, target=breach)
    if clock is not None:
        sla_clock_meet(clock=clock)
    return action


# --- corrective and preventive actions (QC-13, IMP-2) ----------------------------------------


def _next_action_code(year: int) -> str:
    prefix = f"CAPA-{year}-"
    serialize_numbering(prefix)
    last = (
        CorrectiveAction.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _due_at(due_date: date) -> datetime:
    return timezone.make_aware(datetime.combine(due_date, time(23, 59)))


@transaction.atomic
def action_open(
    *,
    source_kind: str,
    source_text: str,
    engagement: Engagement | None,
    owner: User,
    actor: User,
    title: str = "",
    kind: str = "corrective",
    due_date: date | None = None,
    target: str = "",
    department: str = "",
    nature: str = "quality",
    severity: str = "general",
    plan: str = "",
    source_ref: str = "",
) -> CorrectiveAction:
    """Open a corrective or preventive action (QC-13) from any source — a review finding, an
    audit, a failed acceptance, a complaint's root cause, a low survey score, an incident, a
    KPI breach or a problem found at follow-up (IMP-2). Other apps call this; the caller has
    already checked that ``actor`` may act on ``engagement``. The deadline (default: the
    firm's ``action_due_days``) runs on the ``quality_action_due`` SLA clock of the owner."""
    if source_kind not in ActionSource.values:
        raise ApplicationError(_("Unknown action source."))
    if not source_text.strip():
        raise ApplicationError(_("Describe the problem."))
    if owner is None or not owner.is_active or owner.is_client_user:
        raise ApplicationError(_("The responsible person must be an active staff member."))
    today = timezone.localdate()
    due_date = due_date or today + timedelta(days=audit_settings().action_due_days)
    if due_date < today:
        raise ApplicationError(_("The deadline cannot be in the past."))
    action = CorrectiveAction(
        code=_next_action_code(today.year),
        kind=kind,
        source_kind=source_kind,
        source_text=source_text,
        source_ref=source_ref[:100],
        engagement=engagement,
        title=(title or source_text.splitlines()[0])[:200],
        nature=nature,
        severity=severity,
        department=department,
        owner=owner,
        due_date=due_date,
        target=target,
        plan=plan,
        created_by=actor,
    )
    action.full_clean(exclude=["engagement", "owner", "created_by"])
    action.save()
    now = timezone.now()
    due_at = max(_due_at(due_date), now + timedelta(minutes=1))
    sla_clock_start(policy=ACTION_POLICY, target=action, owner=owner, started_at=now, due_at=due_at)
    notify(
        recipients=[owner] if owner.pk != actor.pk else [],
        kind="action_assigned",
        event_key=f"action_assigned:{action.pk}:{owner.pk}",
        params={"target": str(action)},
        link=action.get_absolute_url(),
    )
    return action


def _locked_action(action: CorrectiveAction) -> CorrectiveAction:
    return CorrectiveAction.objects.select_for_update().get(pk=action.pk)


def can_work_action(user: User, action: CorrectiveAction) -> bool:
    return action.owner_id == user.pk or can_manage_audits(user)


def _require_worker(actor: User, action: CorrectiveAction) -> None:
    if not can_work_action(actor, action):
        raise ForbiddenError(_("Only the responsible person or the QA manager can do this."))


@transaction.atomic
def action_plan_save(*, actor: User, action: CorrectiveAction, plan: str) -> CorrectiveAction:
    """Plan → Do: the measures are written."""
    action = _locked_action(action)
    _require_worker(actor, action)
    if action.stage != PdcaStage.PLAN:
        raise ConflictError(_("The plan can only be set in the Plan stage."))
    if not plan.strip():
        raise ApplicationError(_("Write the measures."))
    action.plan = plan
    action.stage = PdcaStage.DO
    action.save(update_fields=["plan", "stage", "updated_at"])
    return action


@transaction.atomic
def action_do_record(*, actor: User, action: CorrectiveAction, done_note: str) -> CorrectiveAction:
    """Do → Check: what was done is recorded; the effectiveness check comes next."""
    action = _locked_action(action)
    _require_worker(actor, action)
    if action.stage != PdcaStage.DO:
        raise ConflictError(_("Record what was done in the Do stage."))
    if not done_note.strip():
        raise ApplicationError(_("Describe what was done."))
    action.done_note = done_note
    action.stage = PdcaStage.CHECK
    action.save(update_fields=["done_note", "stage", "updated_at"])
    return action


@transaction.atomic
def action_verify(
    *, actor: User, action: CorrectiveAction, effective: bool, note: str
) -> CorrectiveAction:
    """Check → Act: someone other than the responsible person verifies effectiveness."""
    action = _locked_action(action)
    if not actor.has_role(*VERIFIER_ROLES):
        raise ForbiddenError(
            _("Only the QA manager, a technical director or an administrator verifies.")
        )
    if action.owner_id == actor.pk:
        raise ForbiddenError(_("The responsible person cannot verify their own action."))
    if action.stage != PdcaStage.CHECK:
        raise ConflictError(_("Effectiveness is verified in the Check stage."))
    if not note.strip():
        raise ApplicationError(_("Write the verification."))
    action.check_note = note
    action.effective = effective
    action.verified_by = actor
    action.verified_at = timezone.now()
    action.stage = PdcaStage.ACT
    action.save(
        update_fields=[
            "check_note",
            "effective",
            "verified_by",
            "verified_at",
            "stage",
            "updated_at",
        ]
    )
    return action


@transaction.atomic
def action_close(*, actor: User, action: CorrectiveAction) -> CorrectiveAction:
    """Act: an effective action is closed and its deadline clock met."""
    action = _locked_action(action)
    require_audit_manager(actor)
    if action.stage != PdcaStage.ACT:
        raise ConflictError(_("Only a verified action can be closed."))
    if not action.effective:
        raise ConflictError(_("The action was not effective: reopen it instead."))
    action.stage = PdcaStage.CLOSED
    action.closed_at = timezone.now()
    action.save(update_fields=["stage", "closed_at", "updated_at"])
    clock = open_clock(policy=ACTION_POLICY, target=action)
    if clock is not None:
        sla_clock_meet(clock=clock, at=action.closed_at)
    return action


@transaction.atomic
def action_reopen(
    *, actor: User, action: CorrectiveAction, reason: str, due_date: date | None = None
) -> CorrectiveAction:
    """Act: back to Plan for another cycle (not effective, or the problem came back)."""
    action = _locked_action(action)
    require_audit_manager(actor)
    if action.stage not in (PdcaStage.ACT, PdcaStage.CLOSED):
        raise ConflictError(_("Only a verified or closed action can be reopened."))
    if not reason.strip():
        raise ApplicationError(_("Give the reason for reopening."))
    today = timezone.localdate()
    if due_date is not None and due_date < today:
        raise ApplicationError(_("The deadline cannot be in the past."))
    action.stage = PdcaStage.PLAN
    action.reopen_count += 1
    action.effective = None
    action.closed_at = None
    if due_date is not None:
        action.due_date = due_date
    action.save(
        update_fields=["stage", "reopen_count", "effective", "closed_at", "due_date", "updated_at"]
    )
    ActionProgress.objects.create(
        action=action,
        at=timezone.now(),
        author=actor,
        note=_("Reopened: %(reason)s") % {"reason": reason},
    )
    if open_clock(policy=ACTION_POLICY, target=action) is None:
        now = timezone.now()
        due_at = max(_due_at(action.due_date), now + timedelta(minutes=1))
        sla_clock_start(policy=ACTION_POLICY, target=action, owner=action.owner, due_at=due_at)
    return action


@transaction.atomic
def action_progress_add(
    *, actor: User, action: CorrectiveAction, note: str, reported_to_client: bool = False
) -> ActionProgress:
    """IMP-2: progress on a rectification, optionally reported to the client."""
    action = _locked_action(action)
    _require_worker(actor, action)
    if not note.strip():
        raise ApplicationError(_("Write the progress note."))
    return ActionProgress.objects.create(
        action=action,
        at=timezone.now(),
        author=actor,
        note=note,
        reported_to_client=reported_to_client,
    )


# --- improvement initiatives (IMP-1) -----------------------------------------------------------

NEXT_STAGE = {
    PdcaStage.PLAN: (PdcaStage.DO, "plan"),
    PdcaStage.DO: (PdcaStage.CHECK, "done_note"),
    PdcaStage.CHECK: (PdcaStage.ACT, "check_note"),
    PdcaStage.ACT: (PdcaStage.CLOSED, "act_note"),
}


@transaction.atomic
def initiative_create(
    *,
    actor: User,
    title: str,
    owner: User,
    process_area: str = "",
    evaluation: str = "",
    due_date: date | None = None,
) -> Initiative:
    require_audit_manager(actor)
    if not title.strip():
        raise ApplicationError(_("Give the initiative a title."))
    return Initiative.objects.create(
        title=title,
        owner=owner,
        process_area=process_area,
        evaluation=evaluation,
        due_date=due_date,
        created_by=actor,
    )


@transaction.atomic
def initiative_advance(*, actor: User, initiative: Initiative, note: str) -> Initiative:
    """Record the current PDCA stage's note and move to the next stage."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.owner_id != actor.pk and not can_manage_audits(actor):
        raise ForbiddenError(_("Only the initiative's owner or the QA manager can do this."))
    if initiative.stage == PdcaStage.CLOSED:
        raise ConflictError(_("This initiative is closed."))
    if not note.strip():
        raise ApplicationError(_("Write a note for this stage."))
    next_stage, field = NEXT_STAGE[PdcaStage(initiative.stage)]
    setattr(initiative, field, note)
    initiative.stage = next_stage
    initiative.save(update_fields=[field, "stage", "updated_at"])
    return initiative


# --- case library (IMP-3) ----------------------------------------------------------------------


@transaction.atomic
def case_create(
    *,
    actor: User,
    engagement: Engagement,
    summary: str,
    lessons: str,
    title: str = "",
    tags: str = "",
) -> CaseEntry:
    """A closed engagement yields a case, classified by service type, client industry and
    period, with its lessons learned."""
    if not actor.has_role(Role.QA_MANAGER, Role.ADMIN, Role.PROJECT_MANAGER):
        raise ForbiddenError(_("Only the QA manager or a project manager can add cases."))
    if engagement.stage != Stage.CLOSED:
        raise ConflictError(_("Only a closed engagement can become a case."))
    if not summary.strip() or not lessons.strip():
        raise ApplicationError(_("Write the summary and the lessons learned."))
    try:
        with transaction.atomic():
            return CaseEntry.objects.create(
                engagement=engagement,
                title=title or engagement.title,
                service_type=engagement.service_type,
                industry=engagement.client.industry,
                period_start=timezone.localdate(engagement.created_at),
                period_end=timezone.localdate(engagement.updated_at),
                summary=summary,
                lessons=lessons,
                tags=tags,
                created_by=actor,
            )
    except IntegrityError as exc:
        raise ConflictError(_("This engagement is already in the case library.")) from exc
