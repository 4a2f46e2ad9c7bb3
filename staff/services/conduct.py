"""Writes for conduct (STF-5): declarations, their clearance, violations; and the check the
engagement services call before a team member works on an engagement."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, ConflictError, ForbiddenError, NotFoundError
from engagements.models import Engagement
from engagements.permissions import visible_to
from staff.choices import ViolationOutcome
from staff.models import Declaration, User, Violation, staff_settings
from staff.permissions import require_keeper


def _engagement(actor: User, engagement_id: int) -> Engagement:
    engagement = visible_to(actor).filter(pk=engagement_id).first()
    if engagement is None:
        raise NotFoundError(_("Engagement not found."))
    return engagement


def is_member(user: User, engagement: Engagement) -> bool:
    return Engagement.members.through.objects.filter(
        engagement_id=engagement.pk, user_id=user.pk
    ).exists()


def require_declared(actor: User, engagement: Engagement) -> None:
    """A team member works on an engagement only after declaring independence, and after a
    disclosed conflict is cleared (STF-5). Called by ``engagements.permissions.require_team``.
    Managers who are not on the team (an administrator) are not asked."""
    if not is_member(actor, engagement) or not staff_settings().require_declaration:
        return
    declaration = Declaration.objects.filter(engagement=engagement, user=actor).first()
    if declaration is None:
        raise ForbiddenError(
            _(
                "Declare your independence and any conflict of interest for this engagement "
                "before working on it."
            )
        )
    if not declaration.allows_work:
        raise ForbiddenError(
            _("The conflict of interest you declared must be cleared by a QA manager first.")
        )


@transaction.atomic
def declaration_submit(
    *, actor: User, engagement_id: int, independent: bool, conflicts: str = ""
) -> Declaration:
    engagement = _engagement(actor, engagement_id)
    if not is_member(actor, engagement):
        raise ForbiddenError(_("Only members of the engagement team declare for it."))
    if not independent:
        message = _(
            "You can only declare if you are independent of the client; otherwise tell the "
            "QA manager so you can be taken off the team."
        )
        raise ApplicationError(message, extra={"independent": [message]})
    try:
        with transaction.atomic():
            return Declaration.objects.create(
                engagement=engagement,
                user=actor,
                independent=True,
                conflicts=conflicts.strip(),
                declared_at=timezone.now(),
            )
    except IntegrityError:
        raise ConflictError(_("You have already declared for this engagement.")) from None


@transaction.atomic
def declaration_clear(*, actor: User, declaration_id: int) -> Declaration:
    require_keeper(actor)
    declaration = Declaration.objects.select_for_update().filter(pk=declaration_id).first()
    if declaration is None:
        raise NotFoundError(_("Declaration not found."))
    if declaration.user_id == actor.pk:
        raise ForbiddenError(_("You cannot clear your own declaration."))
    if not declaration.conflicts:
        raise ConflictError(_("This declaration discloses no conflict to clear."))
    if declaration.cleared_at is not None:
        raise ConflictError(_("This declaration is already cleared."))
    declaration.cleared_at = timezone.now()
    declaration.cleared_by = actor
    declaration.save(update_fields=["cleared_at", "cleared_by", "updated_at"])
    return declaration


@transaction.atomic
def violation_record(
    *,
    actor: User,
    user_id: int,
    occurred_on: date,
    description: str,
    engagement_id: int | None = None,
) -> Violation:
    require_keeper(actor)
    person = User.objects.filter(pk=user_id, client__isnull=True).first()
    if person is None:
        raise ApplicationError(
            _("Choose a member of staff."), extra={"user": [_("Choose a member of staff.")]}
        )
    engagement = _engagement(actor, engagement_id) if engagement_id else None
    if occurred_on > timezone.localdate():
        message = _("The date cannot be in the future.")
        raise ApplicationError(message, extra={"occurred_on": [message]})
    if not description.strip():
        message = _("Describe what happened.")
        raise ApplicationError(message, extra={"description": [message]})
    return Violation.objects.create(
        user=person,
        engagement=engagement,
        occurred_on=occurred_on,
        description=description.strip(),
        recorded_by=actor,
    )


@transaction.atomic
def violation_decide(
    *, actor: User, violation_id: int, outcome: str, outcome_note: str = ""
) -> Violation:
    require_keeper(actor)
    violation = Violation.objects.select_for_update().filter(pk=violation_id).first()
    if violation is None:
        raise NotFoundError(_("Violation not found."))
    if outcome not in ViolationOutcome.values or outcome == ViolationOutcome.OPEN:
        message = _("Choose an outcome.")
        raise ApplicationError(message, extra={"outcome": [message]})
    if violation.outcome != ViolationOutcome.OPEN:
        raise ConflictError(_("This violation already has an outcome."))
    violation.outcome = outcome
    violation.outcome_note = outcome_note.strip()
    violation.save(update_fields=["outcome", "outcome_note", "updated_at"])
    return violation
