"""Delivery, acceptance and follow-up services; importing this module registers their stage guards.

Delivery (ENG-10): the preparation checklist and the delivery list. Acceptance (ENG-11): the
application, the client's verdict (an electronic sign-off, X-2) and resubmission after a
failed round. Follow-up (ENG-12): the obligations created when the acceptance passes, met or
waived with a reason. The guards (ENG-13) make the state machine refuse to enter delivery,
acceptance, follow-up or closed while their preconditions are missing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.signoff import content_hash, signed
from engagements.choices import Stage
from engagements.models import (
    AcceptanceRequest,
    DeliveryChecklistItem,
    DeliveryItem,
    Engagement,
    FollowUpObligation,
    Milestone,
)
from engagements.models.closing import (
    AcceptanceStatus,
    AcceptanceVerdict,
    ChecklistItem,
    DeliveryMode,
    ObligationKind,
    ObligationStatus,
    follow_up_settings,
)
from engagements.models.plan import Phase
from engagements.permissions import require_manager
from engagements.selectors import closing as sel
from engagements.services.lifecycle import (
    _locked,
    _require_open,
    register_guard,
)
from engagements.signals import acceptance_failed, acceptance_passed
from staff.models import User


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={field: [message]})


def _required(field: str, value: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise _invalid(field, message)
    return value


def _not_in_future(at: datetime, field: str) -> None:
    if at > timezone.now():
        raise _invalid(field, _("The time cannot be in the future."))


# --- delivery checklist (ENG-10) -------------------------------------------------------------


def _require_checklist_open(engagement: Engagement) -> None:
    _require_open(engagement)
    if not sel.stage_at_most(engagement, Stage.DELIVERY):
        raise ConflictError(
            _("The delivery checklist closed when the engagement went into acceptance.")
        )


@transaction.atomic
def delivery_checklist_seed(*, actor: User, engagement: Engagement) -> list[DeliveryChecklistItem]:
    """Create the standard checklist items that are missing (the first time the project
    manager opens the checklist); running it again changes nothing."""
    require_manager(actor, engagement)
    engagement = _locked(engagement)
    _require_open(engagement)
    existing = set(
        DeliveryChecklistItem.objects.filter(engagement=engagement).values_list("item", flat=True)
    )
    for position, item in enumerate(ChecklistItem.values, start=1):
        if item not in existing:
            # save(), not bulk_create: the rows are audited by simple-history.
            DeliveryChecklistItem.objects.create(
                engagement=engagement, item=item, position=position
            )
    return list(sel.checklist(engagement=engagement))


@transaction.atomic
def delivery_checklist_tick(*, actor: User, item_id: int, done: bool) -> DeliveryChecklistItem:
    """Tick or untick one point; ticking a ticked point again changes nothing."""
    row = sel.checklist_item_for(actor, item_id, lock=True)
    require_manager(actor, row.engagement)
    _require_checklist_open(row.engagement)
    if done == row.is_done:
        return row
    row.done_at = timezone.now() if done else None
    row.done_by = actor if done else None
    row.save(update_fields=["done_at", "done_by", "updated_at"])
    return row


# --- delivery list (ENG-10) ------------------------------------------------------------------


@transaction.atomic
def delivery_item_add(
    *,
    actor: User,
    engagement: Engagement,
    content: str,
    mode: str,
    planned_at: datetime,
    standard: str,
) -> DeliveryItem:
    """A line of the delivery list: content, mode (on site or online), time and standard."""
    require_manager(actor, engagement)
    engagement = _locked(engagement)
    _require_open(engagement)
    if not sel.stage_at_most(engagement, Stage.ACCEPTANCE):
        raise ConflictError(_("Deliveries are planned until the acceptance."))
    content = _required("content", content, _("Say what is delivered."))
    if mode not in DeliveryMode.values:
        raise _invalid("mode", _("The delivery mode must be on site or online."))
    standard = _required("standard", standard, _("State the standard the delivery must meet."))
    return DeliveryItem.objects.create(
        engagement=engagement,
        content=content,
        mode=mode,
        planned_at=planned_at,
        standard=standard,
        created_by=actor,
    )


@transaction.atomic
def delivery_item_deliver(
    *, actor: User, item_id: int, delivered_at: datetime | None = None
) -> DeliveryItem:
    """Record the hand-over, in the delivery stage (or, after rectification, in acceptance)."""
    item = sel.delivery_item_for(actor, item_id, lock=True)
    require_manager(actor, item.engagement)
    if item.engagement.stage not in (Stage.DELIVERY, Stage.ACCEPTANCE):
        raise ConflictError(_("Deliverables are handed over in the delivery stage."))
    if item.delivered_at is not None:
        raise ConflictError(_("This item was already delivered."))
    delivered_at = delivered_at or timezone.now()
    _not_in_future(delivered_at, "delivered_at")
    item.delivered_at = delivered_at
    item.delivered_by = actor
    item.save(update_fields=["delivered_at", "delivered_by", "updated_at"])
    return item


# --- acceptance (ENG-11) ---------------------------------------------------------------------


def _require_acceptance_stage(engagement: Engagement) -> None:
    if engagement.stage != Stage.ACCEPTANCE:
        raise ConflictError(_("Acceptance happens while the engagement is in acceptance."))


@transaction.atomic
def acceptance_request(
    *,
    actor: User,
    engagement: Engagement,
    content: str,
    criteria: str,
    requested_at: datetime | None = None,
) -> AcceptanceRequest:
    """The first acceptance application: when, what is to be accepted, and the criteria.
    Later rounds are resubmissions of a failed round."""
    require_manager(actor, engagement)
    engagement = _locked(engagement)
    _require_acceptance_stage(engagement)
    statuses = set(
        AcceptanceRequest.objects.filter(engagement=engagement).values_list("status", flat=True)
    )
    if AcceptanceStatus.PENDING in statuses:
        raise ConflictError(_("An acceptance request is already waiting for the client's verdict."))
    if AcceptanceStatus.PASSED in statuses:
        raise ConflictError(_("The acceptance has already passed."))
    if statuses:
        raise ConflictError(_("The last round failed: resubmit it after rectification."))
    content = _required("content", content, _("Say what is submitted for acceptance."))
    criteria = _required("criteria", criteria, _("State the acceptance criteria."))
    return AcceptanceRequest.objects.create(
        engagement=engagement,
        round=1,
        requested_at=requested_at or timezone.now(),
        requested_by=actor,
        content=content,
        criteria=criteria,
    )


@transaction.atomic
def acceptance_resubmit(
    *,
    actor: User,
    request_id: int,
    rectification: str,
    content: str = "",
    criteria: str = "",
) -> AcceptanceRequest:
    """After rectification, a failed round comes back as the next round, pointing at it;
    content and criteria default to the failed round's."""
    failed = sel.acceptance_for(actor, request_id, lock=True)
    require_manager(actor, failed.engagement)
    engagement = _locked(failed.engagement)
    _require_acceptance_stage(engagement)
    if failed.status != AcceptanceStatus.FAILED:
        raise ConflictError(_("Only a failed round is resubmitted."))
    if AcceptanceRequest.objects.filter(resubmission_of=failed).exists():
        raise ConflictError(_("This round was already resubmitted."))
    if AcceptanceRequest.objects.filter(
        engagement=engagement, status=AcceptanceStatus.PENDING
    ).exists():
        raise ConflictError(_("An acceptance request is already waiting for the client's verdict."))
    rectification = _required(
        "rectification", rectification, _("Say what was rectified since the failed round.")
    )
    last = AcceptanceRequest.objects.filter(engagement=engagement).aggregate(n=Max("round"))["n"]
    return AcceptanceRequest.objects.create(
        engagement=engagement,
        round=(last or 0) + 1,
        resubmission_of=failed,
        rectification=rectification,
        requested_at=timezone.now(),
        requested_by=actor,
        content=content.strip() or failed.content,
        criteria=criteria.strip() or failed.criteria,
    )


def _judged_content(request: AcceptanceRequest, verdict: str, reasons: str) -> dict[str, Any]:
    return {
        "engagement": request.engagement_id,
        "round": request.round,
        "content": request.content,
        "criteria": request.criteria,
        "verdict": verdict,
        "reasons": reasons,
    }


def _client_person(
    actor: User, engagement: Engagement, on_behalf_of: int | None, client_contact: str
) -> tuple[User | None, str]:
    """Who at the client gave the verdict: the client user acting, or the person the
    project manager names when recording a verdict taken by phone."""
    if actor.is_client_user:
        if actor.client_id != engagement.client_id:
            raise ForbiddenError(_("Only the engagement's client gives the acceptance verdict."))
        return actor, str(actor)
    require_manager(actor, engagement)
    if on_behalf_of is not None:
        person = sel.client_users(engagement=engagement).filter(pk=on_behalf_of).first()
        if person is None:
            raise _invalid("on_behalf_of", _("Choose a user of the client organisation."))
        return person, client_contact.strip() or str(person)
    name = _required("client_contact", client_contact, _("Say who at the client gave the verdict."))
    return None, name


def _standard_obligations(engagement: Engagement, *, failed_before: bool) -> None:
    """The obligations every accepted engagement owes (ENG-12): a satisfaction survey and a
    revisit, plus rectification of the problems found when an earlier round failed."""
    numbers = follow_up_settings()
    today = timezone.localdate()
    wanted: list[tuple[str, int, str]] = [
        (
            ObligationKind.SATISFACTION_SURVEY,
            numbers.survey_due_days,
            _("Survey the client's satisfaction with the engagement."),
        ),
        (
            ObligationKind.REVISIT,
            numbers.revisit_due_days,
            _("Revisit the client: how the results are used, further needs."),
        ),
    ]
    if failed_before:
        reasons = "\n".join(
            f"#{r.round}: {r.reasons}"
            for r in AcceptanceRequest.objects.filter(
                engagement=engagement, status=AcceptanceStatus.FAILED
            ).order_by("round")
        )
        wanted.append(
            (
                ObligationKind.RECTIFICATION,
                numbers.rectification_due_days,
                _("Rectify the causes of the problems found in the failed acceptance rounds:")
                + "\n"
                + reasons,
            )
        )
    for kind, days, description in wanted:
        FollowUpObligation.objects.create(
            engagement=engagement,
            kind=kind,
            description=description,
            due_date=today + timedelta(days=days),
            standard=True,
        )


@signed
@transaction.atomic
def acceptance_verdict(
    *,
    actor: User,
    request_id: int,
    verdict: str,
    reasons: str = "",
    on_behalf_of: int | None = None,
    client_contact: str = "",
) -> AcceptanceRequest:
    """The client's verdict on a pending round: pass, or fail with reasons. Given by a user
    of the engagement's client, or recorded by the project manager on the client's behalf
    (a verdict taken by phone), naming who gave it. Both sign with their password (X-2).
    A pass creates the standard follow-up obligations."""
    request = sel.acceptance_for(actor, request_id, lock=True)
    engagement = _locked(request.engagement)
    verdict_by, verdict_by_name = _client_person(actor, engagement, on_behalf_of, client_contact)
    _require_acceptance_stage(engagement)
    if request.status != AcceptanceStatus.PENDING:
        raise ConflictError(_("This round already has its verdict."))
    if verdict not in AcceptanceVerdict.values:
        raise _invalid("verdict", _("The verdict must be pass or fail."))
    reasons = reasons.strip()
    if verdict == AcceptanceVerdict.FAIL and not reasons:
        raise _invalid("reasons", _("Give the reasons why the acceptance failed."))
    request.status = (
        AcceptanceStatus.PASSED if verdict == AcceptanceVerdict.PASS else AcceptanceStatus.FAILED
    )
    request.verdict_at = timezone.now()
    request.verdict_by = verdict_by
    request.verdict_by_name = verdict_by_name[:150]
    request.recorded_by = actor
    request.reasons = reasons
    request.content_hash = content_hash(_judged_content(request, verdict, reasons))
    try:
        with transaction.atomic():
            request.save(
                update_fields=[
                    "status",
                    "verdict_at",
                    "verdict_by",
                    "verdict_by_name",
                    "recorded_by",
                    "reasons",
                    "content_hash",
                    "updated_at",
                ]
            )
    except IntegrityError as exc:  # a concurrent verdict passed another round first
        raise ConflictError(_("The acceptance has already passed.")) from exc
    if request.status == AcceptanceStatus.PASSED:
        failed_before = AcceptanceRequest.objects.filter(
            engagement=engagement, status=AcceptanceStatus.FAILED
        ).exists()
        _standard_obligations(engagement, failed_before=failed_before)
        passed = request
        transaction.on_commit(
            lambda: acceptance_passed.send(sender=AcceptanceRequest, request=passed)
        )
    else:
        failed = request
        transaction.on_commit(
            lambda: acceptance_failed.send(sender=AcceptanceRequest, request=failed)
        )
    return request


# --- follow-up (ENG-12) ----------------------------------------------------------------------


@transaction.atomic
def obligation_add(
    *, actor: User, engagement: Engagement, kind: str, description: str, due_date: date
) -> FollowUpObligation:
    """A further obligation beyond the standard ones (e.g. a second revisit)."""
    require_manager(actor, engagement)
    engagement = _locked(engagement)
    _require_open(engagement)
    if not AcceptanceRequest.objects.filter(
        engagement=engagement, status=AcceptanceStatus.PASSED
    ).exists():
        raise ConflictError(_("Follow-up obligations start once the acceptance has passed."))
    if kind not in ObligationKind.values:
        raise _invalid("kind", _("Choose a valid kind of obligation."))
    description = _required("description", description, _("Describe the obligation."))
    if due_date < timezone.localdate():
        raise _invalid("due_date", _("The due date cannot be in the past."))
    return FollowUpObligation.objects.create(
        engagement=engagement,
        kind=kind,
        description=description,
        due_date=due_date,
        created_by=actor,
    )


def _open_obligation(actor: User, obligation_id: int) -> FollowUpObligation:
    obligation = sel.obligation_for(actor, obligation_id, lock=True)
    require_manager(actor, obligation.engagement)
    _require_open(obligation.engagement)
    if obligation.status != ObligationStatus.OPEN:
        raise ConflictError(_("This obligation is already closed."))
    return obligation


def _close(obligation: FollowUpObligation, actor: User, status: str) -> None:
    obligation.status = status
    obligation.closed_at = timezone.now()
    obligation.closed_by = actor
    obligation.save(
        update_fields=[
            "status",
            "closed_at",
            "closed_by",
            "outcome",
            "waiver_reason",
            "updated_at",
        ]
    )


@transaction.atomic
def obligation_meet(*, actor: User, obligation_id: int, outcome: str = "") -> FollowUpObligation:
    obligation = _open_obligation(actor, obligation_id)
    obligation.outcome = outcome.strip()
    _close(obligation, actor, ObligationStatus.MET)
    return obligation


@transaction.atomic
def obligation_waive(*, actor: User, obligation_id: int, reason: str) -> FollowUpObligation:
    """Waive an obligation; the reason is required and kept (ENG-12)."""
    obligation = _open_obligation(actor, obligation_id)
    obligation.waiver_reason = _required(
        "reason", reason, _("Give the reason for waiving this obligation.")
    )
    _close(obligation, actor, ObligationStatus.WAIVED)
    return obligation


# --- stage guards (ENG-13) -------------------------------------------------------------------
# Each returns None, or a noun phrase naming the missing precondition.


def _work_before_delivery_done(engagement: Engagement) -> str | None:
    counts = (
        Milestone.objects.filter(engagement=engagement)
        .exclude(phase=Phase.DELIVERY)
        .aggregate(total=Count("id"), open=Count("id", filter=Q(actual_date__isnull=True)))
    )
    if not counts["total"]:
        return _("at least one milestone planned in the phases before delivery")
    if counts["open"]:
        return _("every milestone before the delivery phase completed (%(n)s still open)") % {
            "n": counts["open"]
        }
    return None


def _delivery_prepared(engagement: Engagement) -> str | None:
    missing = sel.checklist_missing(engagement=engagement)
    if missing:
        return _("the delivery checklist completed (open: %(items)s)") % {
            "items": "、".join(str(ChecklistItem(code).label) for code in missing)
        }
    return None


def _everything_delivered(engagement: Engagement) -> str | None:
    counts = DeliveryItem.objects.filter(engagement=engagement).aggregate(
        total=Count("id"), open=Count("id", filter=Q(delivered_at__isnull=True))
    )
    if not counts["total"]:
        return _("at least one item on the delivery list")
    if counts["open"]:
        return _("every item on the delivery list delivered (%(n)s not yet)") % {
            "n": counts["open"]
        }
    return None


def _acceptance_passed(engagement: Engagement) -> str | None:
    passed = AcceptanceRequest.objects.filter(
        engagement=engagement, status=AcceptanceStatus.PASSED
    ).exists()
    return None if passed else _("an acceptance request the client passed")


def _follow_up_settled(engagement: Engagement) -> str | None:
    rows = list(
        FollowUpObligation.objects.filter(engagement=engagement).values_list(
            "kind", "standard", "status"
        )
    )
    needed = {ObligationKind.SATISFACTION_SURVEY, ObligationKind.REVISIT}
    if AcceptanceRequest.objects.filter(
        engagement=engagement, status=AcceptanceStatus.FAILED
    ).exists():
        needed.add(ObligationKind.RECTIFICATION)
    absent = needed - {kind for kind, standard, _status in rows if standard}
    if absent:
        return _("the standard follow-up obligations (%(kinds)s)") % {
            "kinds": "、".join(str(ObligationKind(k).label) for k in sorted(absent))
        }
    still_open = sum(1 for _kind, _standard, status in rows if status == ObligationStatus.OPEN)
    if still_open:
        return _("every follow-up obligation met or waived with a reason (%(n)s open)") % {
            "n": still_open
        }
    return None


register_guard(Stage.DELIVERY, _work_before_delivery_done)
register_guard(Stage.ACCEPTANCE, _delivery_prepared)
register_guard(Stage.ACCEPTANCE, _everything_delivered)
register_guard(Stage.FOLLOW_UP, _acceptance_passed)
register_guard(Stage.CLOSED, _follow_up_settled)
