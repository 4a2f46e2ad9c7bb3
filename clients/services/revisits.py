"""Revisits (CRM-6): planned by phone, e-mail or on-site visit, per client and optionally per
engagement, then logged with the outcome, the new opportunities and the value-added services
offered, or cancelled with a reason. Logging an engagement's revisit meets its open follow-up
obligation of kind "revisit" (ENG-12) when the actor may close obligations (its project
manager or an administrator); otherwise the obligation stays for them to close."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.choices import REVISIT_TRANSITIONS, RevisitMethod, RevisitStatus
from clients.models import Revisit
from clients.permissions import is_relations_staff, one, revisits_visible_to, visible_to
from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from engagements.models import Engagement, FollowUpObligation
from engagements.models.closing import ObligationKind, ObligationStatus
from engagements.permissions import can_manage, can_work_on
from engagements.permissions import visible_to as engagements_visible_to
from staff.models import User


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={field: [message]})


def _required(field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise _invalid(field, message)
    return value


def _require_may_work(actor: User, engagement: Engagement | None) -> None:
    if actor.is_client_user or not actor.is_active:
        raise ForbiddenError(_("Revisits are planned and logged by the firm's staff."))
    if is_relations_staff(actor):
        return
    if engagement is None or not can_work_on(actor, engagement):
        raise ForbiddenError(_("Only members of the engagement team may do this."))


def _move(revisit: Revisit, to: str) -> None:
    if to not in REVISIT_TRANSITIONS.get(revisit.status, ()):
        raise ConflictError(
            _("A revisit that is “%(status)s” cannot do this.")
            % {"status": revisit.get_status_display()}
        )
    revisit.status = to


@transaction.atomic
def revisit_plan(
    *,
    actor: User,
    method: str,
    planned_date: date,
    purpose: str,
    client_id: int | None = None,
    engagement_id: int | None = None,
    owner_id: int | None = None,
    contact_name: str = "",
) -> Revisit:
    engagement = None
    if engagement_id is not None:
        engagement = engagements_visible_to(actor).filter(pk=engagement_id).first()
        if engagement is None:
            raise _invalid("engagement", _("Choose one of your engagements."))
        client_id = engagement.client_id
    _require_may_work(actor, engagement)
    client = visible_to(actor).filter(pk=client_id).first() if client_id else None
    if client is None and engagement is None:
        raise _invalid("client", _("Choose a client."))
    if method not in RevisitMethod.values:
        raise _invalid("method", _("Choose how the revisit is made."))
    owner = actor
    if owner_id is not None and owner_id != actor.pk:
        found = User.objects.filter(pk=owner_id, is_active=True, client__isnull=True).first()
        if found is None:
            raise _invalid("owner", _("Choose a member of staff."))
        owner = found
    return Revisit.objects.create(
        client_id=engagement.client_id if engagement else client.pk,  # type: ignore[union-attr]
        engagement=engagement,
        method=method,
        planned_date=planned_date,
        purpose=_required("purpose", purpose, _("Say what the revisit is for."))[:300],
        owner=owner,
        contact_name=contact_name.strip()[:100],
        created_by=actor,
    )


def _locked(actor: User, revisit_id: int) -> Revisit:
    revisit = one(revisits_visible_to(actor).select_related("engagement"), revisit_id, lock=True)
    _require_may_work(actor, revisit.engagement)
    return revisit


def _meet_obligation(actor: User, revisit: Revisit) -> FollowUpObligation | None:
    engagement = revisit.engagement
    if engagement is None or not can_manage(actor, engagement):
        return None
    obligation = (
        FollowUpObligation.objects.filter(
            engagement=engagement, kind=ObligationKind.REVISIT, status=ObligationStatus.OPEN
        )
        .order_by("due_date", "id")
        .first()
    )
    if obligation is None:
        return None
    from engagements.services.closing import obligation_meet

    outcome = _("Revisit (%(method)s) on %(date)s: %(outcome)s") % {
        "method": revisit.get_method_display(),
        "date": timezone.localtime(revisit.done_at).date().isoformat() if revisit.done_at else "",
        "outcome": revisit.outcome,
    }
    return obligation_meet(actor=actor, obligation_id=obligation.pk, outcome=outcome)


@transaction.atomic
def revisit_log(
    *,
    actor: User,
    revisit_id: int,
    outcome: str,
    opportunities: str = "",
    value_added_services: str = "",
    done_at: datetime | None = None,
    contact_name: str = "",
    meet_obligation: bool = True,
) -> Revisit:
    """The revisit took place: what came of it, new opportunities, value-added services."""
    revisit = _locked(actor, revisit_id)
    _move(revisit, RevisitStatus.DONE)
    done_at = done_at or timezone.now()
    if done_at > timezone.now():
        raise _invalid("done_at", _("The time cannot be in the future."))
    revisit.done_at = done_at
    revisit.outcome = _required("outcome", outcome, _("Say what came of the revisit."))
    revisit.opportunities = opportunities.strip()
    revisit.value_added_services = value_added_services.strip()
    if contact_name.strip():
        revisit.contact_name = contact_name.strip()[:100]
    fields = [
        "status",
        "done_at",
        "outcome",
        "opportunities",
        "value_added_services",
        "contact_name",
        "updated_at",
    ]
    if meet_obligation:
        revisit.obligation = _meet_obligation(actor, revisit)
        fields.append("obligation")
    revisit.save(update_fields=fields)
    return revisit


@transaction.atomic
def revisit_record(
    *,
    actor: User,
    method: str,
    outcome: str,
    client_id: int | None = None,
    engagement_id: int | None = None,
    done_at: datetime | None = None,
    purpose: str = "",
    opportunities: str = "",
    value_added_services: str = "",
    contact_name: str = "",
    meet_obligation: bool = True,
) -> Revisit:
    """A revisit that was not planned beforehand: planned and logged in one step."""
    done_at = done_at or timezone.now()
    revisit = revisit_plan(
        actor=actor,
        method=method,
        planned_date=timezone.localtime(done_at).date(),
        purpose=purpose or _("Unplanned revisit"),
        client_id=client_id,
        engagement_id=engagement_id,
        contact_name=contact_name,
    )
    return revisit_log(
        actor=actor,
        revisit_id=revisit.pk,
        outcome=outcome,
        opportunities=opportunities,
        value_added_services=value_added_services,
        done_at=done_at,
        meet_obligation=meet_obligation,
    )


@transaction.atomic
def revisit_cancel(*, actor: User, revisit_id: int, reason: str) -> Revisit:
    revisit = _locked(actor, revisit_id)
    _move(revisit, RevisitStatus.CANCELLED)
    revisit.cancel_reason = _required("reason", reason, _("Give the reason for cancelling."))
    revisit.save(update_fields=["status", "cancel_reason", "updated_at"])
    return revisit
