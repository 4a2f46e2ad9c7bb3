"""Reads for delivery (ENG-10), acceptance (ENG-11) and follow-up (ENG-12). Every lookup starts
from ``visible_to``, so another organisation's row answers 404 like a missing one; the closing
overview loads in a fixed number of queries however many items, rounds or obligations there
are."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Model, QuerySet
from django.utils.translation import gettext

from core.exceptions import NotFoundError
from engagements.choices import MAIN_LINE, Stage
from engagements.models import (
    AcceptanceRequest,
    DeliveryChecklistItem,
    DeliveryItem,
    Engagement,
    FollowUpObligation,
)
from engagements.models.closing import AcceptanceStatus, ChecklistItem, ObligationStatus
from engagements.permissions import can_manage, visible_to
from staff.models import User

# --- who may do what -------------------------------------------------------------------------


def stage_at_most(engagement: Engagement, stage: str) -> bool:
    """Whether the engagement has not gone past ``stage`` on the main line."""
    if engagement.stage not in MAIN_LINE:
        return engagement.stage == Stage.ON_HOLD
    return MAIN_LINE.index(Stage(engagement.stage)) <= MAIN_LINE.index(Stage(stage))


# --- scoped lookups (404 for foreign and missing alike) ---------------------------------------


def _one[M: Model](qs: QuerySet[M], pk: int, *, lock: bool) -> M:
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFoundError(gettext("Not found."))
    return found


def checklist_item_for(user: User, item_id: int, *, lock: bool = False) -> DeliveryChecklistItem:
    qs = DeliveryChecklistItem.objects.filter(engagement__in=visible_to(user))
    return _one(qs.select_related("engagement"), item_id, lock=lock)


def delivery_item_for(user: User, item_id: int, *, lock: bool = False) -> DeliveryItem:
    qs = DeliveryItem.objects.filter(engagement__in=visible_to(user))
    return _one(qs.select_related("engagement"), item_id, lock=lock)


def acceptance_for(user: User, request_id: int, *, lock: bool = False) -> AcceptanceRequest:
    qs = AcceptanceRequest.objects.filter(engagement__in=visible_to(user))
    return _one(qs.select_related("engagement"), request_id, lock=lock)


def obligation_for(user: User, obligation_id: int, *, lock: bool = False) -> FollowUpObligation:
    qs = FollowUpObligation.objects.filter(engagement__in=visible_to(user))
    return _one(qs.select_related("engagement"), obligation_id, lock=lock)


# --- lists -----------------------------------------------------------------------------------


def checklist(*, engagement: Engagement) -> QuerySet[DeliveryChecklistItem]:
    return DeliveryChecklistItem.objects.filter(engagement=engagement).select_related("done_by")


def delivery_items(*, engagement: Engagement) -> QuerySet[DeliveryItem]:
    return DeliveryItem.objects.filter(engagement=engagement).select_related("delivered_by")


def acceptance_rounds(*, engagement: Engagement) -> QuerySet[AcceptanceRequest]:
    return AcceptanceRequest.objects.filter(engagement=engagement).select_related(
        "requested_by", "verdict_by", "recorded_by"
    )


def obligations(*, engagement: Engagement) -> QuerySet[FollowUpObligation]:
    return FollowUpObligation.objects.filter(engagement=engagement).select_related("closed_by")


def client_users(*, engagement: Engagement) -> QuerySet[User]:
    """The users of the engagement's client organisation (who may give the verdict)."""
    return User.objects.filter(client_id=engagement.client_id, is_active=True).order_by("username")


def checklist_missing(*, engagement: Engagement) -> list[str]:
    """The standard checklist items not ticked yet, in checklist order."""
    done = set(
        DeliveryChecklistItem.objects.filter(
            engagement=engagement, done_at__isnull=False
        ).values_list("item", flat=True)
    )
    return [code for code in ChecklistItem.values if code not in done]


# --- the closing section of the engagement page -----------------------------------------------


@dataclass
class Round:
    """An acceptance round with what the page needs to know about it."""

    request: AcceptanceRequest
    resubmitted: bool
    previous_round: int | None


@dataclass
class ClosingOverview:
    engagement: Engagement
    can_manage: bool
    checklist: list[DeliveryChecklistItem]
    delivery_items: list[DeliveryItem]
    rounds: list[Round]
    obligations: list[FollowUpObligation]
    missing: list[str] = field(default_factory=list)
    next_stage: str | None = None

    @property
    def checklist_done(self) -> int:
        return sum(1 for row in self.checklist if row.is_done)

    @property
    def delivered_count(self) -> int:
        return sum(1 for item in self.delivery_items if item.is_delivered)

    @property
    def pending(self) -> AcceptanceRequest | None:
        return next(
            (r.request for r in self.rounds if r.request.status == AcceptanceStatus.PENDING), None
        )

    @property
    def passed(self) -> AcceptanceRequest | None:
        return next(
            (r.request for r in self.rounds if r.request.status == AcceptanceStatus.PASSED), None
        )

    @property
    def to_resubmit(self) -> AcceptanceRequest | None:
        """The failed round waiting for its resubmission, if any."""
        return next(
            (
                r.request
                for r in self.rounds
                if r.request.status == AcceptanceStatus.FAILED and not r.resubmitted
            ),
            None,
        )

    @property
    def open_obligations(self) -> int:
        return sum(1 for o in self.obligations if o.status == ObligationStatus.OPEN)

    @property
    def in_acceptance(self) -> bool:
        return self.engagement.stage == Stage.ACCEPTANCE

    @property
    def can_request(self) -> bool:
        return self.can_manage and self.in_acceptance and not self.rounds

    @property
    def can_tick(self) -> bool:
        return self.can_manage and stage_at_most(self.engagement, Stage.DELIVERY)

    @property
    def can_add_item(self) -> bool:
        return self.can_manage and stage_at_most(self.engagement, Stage.ACCEPTANCE)

    @property
    def can_deliver(self) -> bool:
        return self.can_manage and self.engagement.stage in (Stage.DELIVERY, Stage.ACCEPTANCE)

    @property
    def can_follow_up(self) -> bool:
        return self.can_manage and self.passed is not None and self.engagement.stage != Stage.CLOSED


CLOSING_STAGES = (Stage.DELIVERY, Stage.ACCEPTANCE, Stage.FOLLOW_UP, Stage.CLOSED)


def next_stage_missing(engagement: Engagement) -> tuple[str | None, list[str]]:
    """The next main-line stage, if it is one of the closing stages, and what its guards
    still miss (the same noun phrases a refused transition names)."""
    from engagements.services.lifecycle import GUARDS, next_stage

    target = next_stage(engagement)
    if target not in CLOSING_STAGES:
        return None, []
    return target, [m for m in (guard(engagement) for guard in GUARDS.get(target, [])) if m]


def closing_overview(*, engagement: Engagement, user: User) -> ClosingOverview:
    """Checklist, delivery list, acceptance rounds and obligations: one query each, plus the
    guards of the next stage."""
    target, missing = next_stage_missing(engagement)
    rounds = list(acceptance_rounds(engagement=engagement))
    numbers = {r.pk: r.round for r in rounds}
    resubmitted = {r.resubmission_of_id for r in rounds if r.resubmission_of_id}
    return ClosingOverview(
        engagement=engagement,
        can_manage=can_manage(user, engagement),
        checklist=list(checklist(engagement=engagement)),
        delivery_items=list(delivery_items(engagement=engagement)),
        rounds=[
            Round(
                request=r,
                resubmitted=r.pk in resubmitted,
                previous_round=numbers.get(r.resubmission_of_id) if r.resubmission_of_id else None,
            )
            for r in rounds
        ],
        obligations=list(obligations(engagement=engagement)),
        missing=missing,
        next_stage=target,
    )
