"""Writes of the risk register (RSK-1…RSK-4). Every service is atomic, checks who may act,
and records the why on the risk so its history reads as a story."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.exceptions import ApplicationError, ConflictError, ForbiddenError, NotFoundError
from core.models import SlaPolicy
from core.sla.services import open_clock, sla_clock_cancel, sla_clock_meet, sla_clock_start
from engagements.models import Engagement
from risk import permissions as perms
from risk.choices import IdentificationMethod, RiskStatus, Strategy, TransferMode
from risk.models import (
    MatrixCell,
    ResponseAction,
    Risk,
    RiskCategory,
    RiskChecklistItem,
    RiskLevel,
    RiskReview,
)
from staff.models import User

REVIEW_POLICY = "risk_review"


# --- matrix -----------------------------------------------------------------------------------


def matrix_cell(*, likelihood: str, impact: str) -> MatrixCell:
    cell = (
        MatrixCell.objects.select_related("level")
        .filter(likelihood=likelihood, impact=impact)
        .first()
    )
    if cell is None:
        raise ApplicationError(
            _("The risk matrix has no cell for this likelihood and impact."),
            extra={"likelihood": [_("Not in the risk matrix.")]},
        )
    return cell


def _apply_cell(risk: Risk, cell: MatrixCell) -> None:
    risk.cell = cell
    risk.level = cell.level
    risk.priority = cell.priority
    risk.suggested_strategy = cell.suggested_strategy


@transaction.atomic
def matrix_cell_update(
    *,
    actor: User,
    cell_id: int,
    level_id: int,
    priority: int,
    suggested_strategy: str,
    colour: str = "",
) -> MatrixCell:
    """Re-level or re-colour a cell (admins); its open risks take the new level at once, each
    through ``save()`` so their history shows the move (RSK-2, RSK-4)."""
    if not actor.has_role("admin"):
        raise ForbiddenError(_("Only an administrator can change the risk matrix."))
    cell = MatrixCell.objects.select_for_update().filter(pk=cell_id).first()
    if cell is None:
        raise NotFoundError(_("Matrix cell not found."))
    level = RiskLevel.objects.filter(pk=level_id).first()
    if level is None:
        raise ApplicationError(_("Unknown risk level."), extra={"level": [_("Unknown level.")]})
    if suggested_strategy not in Strategy.values:
        raise ApplicationError(_("Unknown strategy."))
    if priority < 1:
        raise ApplicationError(_("The priority must be 1 or more."))
    cell.level, cell.priority, cell.suggested_strategy, cell.colour = (
        level,
        priority,
        suggested_strategy,
        colour,
    )
    cell.full_clean()
    cell.save()
    for risk in Risk.objects.select_for_update().filter(cell=cell, status=RiskStatus.OPEN):
        _apply_cell(risk, cell)
        risk.change_reason = gettext_noop("Risk matrix changed")
        risk._history_user = actor  # type: ignore[attr-defined]
        risk.save()
    return cell


# --- raising and editing ----------------------------------------------------------------------


def _next_code(year: int) -> str:
    prefix = f"RSK-{year}-"
    count = Risk.objects.filter(code__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


def _engagement(engagement_id: int | None) -> Engagement | None:
    if engagement_id is None:
        return None
    engagement = Engagement.objects.filter(pk=engagement_id).first()
    if engagement is None:
        raise NotFoundError(_("Engagement not found."))
    return engagement


def _staff_user(user_id: int, field: str) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.is_client_user or not user.roles:
        raise ApplicationError(
            _("Choose an active member of staff."), extra={field: [_("Not a member of staff.")]}
        )
    return user


def _review_due(review_date: date) -> datetime:
    """A review date is kept until the end of that day, in the firm's time zone."""
    return timezone.make_aware(datetime.combine(review_date + timedelta(days=1), time.min))


def default_review_date(today: date | None = None) -> date:
    """Today plus the target of the firm's risk review policy (30 days by default)."""
    today = today or timezone.localdate()
    policy = SlaPolicy.objects.filter(code=REVIEW_POLICY, is_active=True).first()
    minutes = policy.target_minutes if policy else 30 * 24 * 60
    return today + timedelta(minutes=minutes)


def _start_review_clock(risk: Risk) -> None:
    """RSK-4: the review date runs on the SLA clock; the sweep alerts the owner when overdue."""
    clock = open_clock(policy=REVIEW_POLICY, target=risk)
    if clock is not None:
        sla_clock_cancel(clock=clock)
    if risk.status != RiskStatus.OPEN or risk.review_date is None:
        return
    if not SlaPolicy.objects.filter(code=REVIEW_POLICY, is_active=True).exists():
        return  # the firm switched risk review deadlines off
    sla_clock_start(
        policy=REVIEW_POLICY, target=risk, owner=risk.owner, due_at=_review_due(risk.review_date)
    )


def _check_review_date(review_date: date | None) -> None:
    if review_date is not None and review_date < timezone.localdate():
        raise ApplicationError(
            _("The review date cannot be in the past."),
            extra={"review_date": [_("The review date cannot be in the past.")]},
        )


def _check_method(
    method: str, checklist_item_id: int | None, engagement: Engagement | None
) -> RiskChecklistItem | None:
    if method not in IdentificationMethod.values:
        raise ApplicationError(_("Unknown identification method."))
    if method != IdentificationMethod.CHECKLIST:
        return None
    if checklist_item_id is None:
        raise ApplicationError(
            _("A risk identified with a checklist names the checklist item."),
            extra={"checklist_item": [_("Choose the checklist item.")]},
        )
    item = (
        RiskChecklistItem.objects.select_related("checklist")
        .filter(pk=checklist_item_id, checklist__is_active=True)
        .first()
    )
    if item is None:
        raise ApplicationError(
            _("Unknown checklist item."), extra={"checklist_item": [_("Unknown item.")]}
        )
    kind = item.checklist.service_type
    if kind and (engagement is None or engagement.service_type != kind):
        raise ApplicationError(
            _("This checklist is for another service type."),
            extra={"checklist_item": [_("This checklist is for another service type.")]},
        )
    return item


@transaction.atomic
def risk_raise(
    *,
    actor: User,
    engagement_id: int | None,
    title: str,
    category_id: int,
    method: str,
    likelihood: str,
    impact: str,
    owner_id: int | None = None,
    description: str = "",
    cause: str = "",
    checklist_item_id: int | None = None,
    review_date: date | None = None,
) -> Risk:
    """Identify a risk, on an engagement or firm-wide, at any time (RSK-1, RSK-4); the
    matrix gives its level, priority and suggested strategy (RSK-2, RSK-3)."""
    engagement = _engagement(engagement_id)
    perms.require_manage_scope(actor, engagement)
    category = RiskCategory.objects.filter(pk=category_id, is_active=True).first()
    if category is None:
        raise ApplicationError(_("Unknown category."), extra={"category": [_("Unknown.")]})
    item = _check_method(method, checklist_item_id, engagement)
    owner = _staff_user(owner_id, "owner") if owner_id else actor
    _check_review_date(review_date)
    cell = matrix_cell(likelihood=likelihood, impact=impact)
    risk = Risk(
        engagement=engagement,
        title=title.strip(),
        description=description,
        cause=cause,
        category=category,
        method=method,
        checklist_item=item,
        owner=owner,
        raised_by=actor,
        likelihood=likelihood,
        impact=impact,
        review_date=review_date or default_review_date(),
        change_reason=gettext_noop("Risk raised"),
    )
    if not risk.title:
        raise ApplicationError(_("A risk needs a title."), extra={"title": [_("Required.")]})
    _apply_cell(risk, cell)
    year = timezone.localdate().year
    for _attempt in range(5):
        risk.code = _next_code(year)
        try:
            with transaction.atomic():
                risk._history_user = actor  # type: ignore[attr-defined]
                risk.save()
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - five concurrent raises in the same instant
        raise ConflictError(_("Please try again."))
    _start_review_clock(risk)
    return risk


def _locked(risk_id: int) -> Risk:
    risk = Risk.objects.select_for_update().filter(pk=risk_id).first()
    if risk is None:
        raise NotFoundError(_("Risk not found."))
    return risk


def _require_open(risk: Risk) -> None:
    if risk.status != RiskStatus.OPEN:
        raise ConflictError(_("This risk is closed."))


@transaction.atomic
def risk_update(
    *,
    actor: User,
    risk_id: int,
    title: str,
    description: str,
    cause: str,
    category_id: int,
    owner_id: int,
    review_date: date | None,
) -> Risk:
    risk = _locked(risk_id)
    perms.require_manage_scope(actor, risk.engagement)
    _require_open(risk)
    category = RiskCategory.objects.filter(pk=category_id).first()
    if category is None:
        raise ApplicationError(_("Unknown category."), extra={"category": [_("Unknown.")]})
    owner = _staff_user(owner_id, "owner")
    if review_date != risk.review_date:
        _check_review_date(review_date)
    moved = (owner.pk, review_date) != (risk.owner_id, risk.review_date)
    risk.title, risk.description, risk.cause = title.strip(), description, cause
    risk.category, risk.owner, risk.review_date = category, owner, review_date
    risk.change_reason = gettext_noop("Details edited")
    risk._history_user = actor  # type: ignore[attr-defined]
    risk.save()
    if moved:
        _start_review_clock(risk)
    return risk


@transaction.atomic
def risk_assess(
    *, actor: User, risk_id: int, likelihood: str, impact: str, reason: str = ""
) -> Risk:
    """Re-assess likelihood and impact; the matrix gives the new level (RSK-2)."""
    risk = _locked(risk_id)
    perms.require_review(actor, risk)
    _require_open(risk)
    _apply_cell(risk, matrix_cell(likelihood=likelihood, impact=impact))
    risk.likelihood, risk.impact = likelihood, impact
    risk.change_reason = (reason or gettext_noop("Reassessed"))[:200]
    risk._history_user = actor  # type: ignore[attr-defined]
    risk.save()
    return risk


@transaction.atomic
def risk_choose_strategy(
    *, actor: User, risk_id: int, strategy: str, transfer_mode: str = "", note: str = ""
) -> Risk:
    """Record the chosen strategy (RSK-3). The matrix's suggestion and transfer are always
    selectable; another choice needs a reason, and transfer names how (insurance, a
    disclaimer clause or subcontracting)."""
    risk = _locked(risk_id)
    perms.require_manage_scope(actor, risk.engagement)
    _require_open(risk)
    if strategy not in Strategy.values:
        raise ApplicationError(_("Unknown strategy."), extra={"strategy": [_("Unknown.")]})
    if strategy == Strategy.TRANSFER:
        if transfer_mode not in TransferMode.values:
            raise ApplicationError(
                _("Say how the risk is transferred: insurance, disclaimer or subcontracting."),
                extra={"transfer_mode": [_("Choose how the risk is transferred.")]},
            )
    else:
        transfer_mode = ""
    if strategy not in (risk.suggested_strategy, Strategy.TRANSFER) and not note.strip():
        raise ApplicationError(
            _("Give a reason for choosing another strategy than the matrix suggests."),
            extra={"note": [_("A reason is required for this strategy.")]},
        )
    risk.strategy, risk.transfer_mode, risk.strategy_note = strategy, transfer_mode, note
    risk.change_reason = gettext_noop("Strategy chosen")
    risk._history_user = actor  # type: ignore[attr-defined]
    risk.save()
    return risk


@transaction.atomic
def risk_set_residual(
    *, actor: User, risk_id: int, residual_likelihood: str, residual_impact: str
) -> Risk:
    """Residual likelihood and impact expected after the response (RSK-3)."""
    risk = _locked(risk_id)
    perms.require_manage_scope(actor, risk.engagement)
    _require_open(risk)
    cell = matrix_cell(likelihood=residual_likelihood, impact=residual_impact)
    risk.residual_likelihood, risk.residual_impact = residual_likelihood, residual_impact
    risk.residual_level = cell.level
    risk.change_reason = gettext_noop("Residual risk assessed")
    risk._history_user = actor  # type: ignore[attr-defined]
    risk.save()
    return risk


@transaction.atomic
def response_action_add(
    *, actor: User, risk_id: int, description: str, owner_id: int, due_date: date
) -> ResponseAction:
    risk = _locked(risk_id)
    perms.require_manage_scope(actor, risk.engagement)
    _require_open(risk)
    owner = _staff_user(owner_id, "owner")
    if due_date < timezone.localdate():
        raise ApplicationError(
            _("The due date cannot be in the past."),
            extra={"due_date": [_("The due date cannot be in the past.")]},
        )
    return ResponseAction.objects.create(
        risk=risk, description=description.strip(), owner=owner, due_date=due_date
    )


@transaction.atomic
def response_action_done(*, actor: User, action_id: int) -> ResponseAction:
    action = (
        ResponseAction.objects.select_for_update(of=("self",))
        .select_related("risk__engagement")
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        raise NotFoundError(_("Action not found."))
    if action.owner_id != actor.pk and not perms.can_manage_risk(actor, action.risk):
        raise ForbiddenError(_("Only the action's owner or a manager can do this."))
    if action.done_at is not None:
        raise ConflictError(_("This action is already done."))
    action.done_at = timezone.now()
    action.save(update_fields=["done_at", "updated_at"])
    return action


@transaction.atomic
def risk_review(
    *,
    actor: User,
    risk_id: int,
    likelihood: str,
    impact: str,
    note: str = "",
    next_review_date: date | None = None,
) -> RiskReview:
    """A monitoring review (RSK-4): reassess, meet the review clock and set the next one."""
    risk = _locked(risk_id)
    perms.require_review(actor, risk)
    _require_open(risk)
    next_review_date = next_review_date or default_review_date()
    if next_review_date <= timezone.localdate():
        raise ApplicationError(
            _("The next review must be after today."),
            extra={"next_review_date": [_("The next review must be after today.")]},
        )
    now = timezone.now()
    review = RiskReview.objects.create(
        risk=risk,
        reviewer=actor,
        at=now,
        likelihood=likelihood,
        impact=impact,
        note=note,
        next_review_date=next_review_date,
    )
    clock = open_clock(policy=REVIEW_POLICY, target=risk)
    if clock is not None:
        sla_clock_meet(clock=clock, at=now)
    _apply_cell(risk, matrix_cell(likelihood=likelihood, impact=impact))
    risk.likelihood, risk.impact = likelihood, impact
    risk.review_date, risk.last_reviewed_at = next_review_date, now
    risk.change_reason = gettext_noop("Reviewed")
    risk._history_user = actor  # type: ignore[attr-defined]
    risk.save()
    _start_review_clock(risk)
    return review


@transaction.atomic
def risk_close(*, actor: User, risk_id: int, reason: str) -> Risk:
    risk = _locked(risk_id)
    perms.require_manage_scope(actor, risk.engagement)
    _require_open(risk)
    if not reason.strip():
        raise ApplicationError(_("Say why the risk is closed."), extra={"reason": [_("Required.")]})
    risk.status, risk.closed_at = RiskStatus.CLOSED, timezone.now()
    risk.change_reason = reason.strip()[:200]
    risk._history_user = actor  # type: ignore[attr-defined]
    risk.save()
    _start_review_clock(risk)  # cancels the open review clock
    return risk
