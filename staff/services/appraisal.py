"""Writes for appraisals (STF-3): open one for a period, goals, the manager's assessment,
interviews, and finalising (which stores the computed figures as a snapshot)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, ConflictError, NotFoundError
from staff.appraisal import compute_figures
from staff.choices import APPRAISAL_TRANSITIONS, AppraisalStatus, Rating
from staff.models import Appraisal, Goal, Interview, User
from staff.permissions import access_person, appraisals_visible_to, require_appraiser


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={field: [message]})


def appraisal_for(actor: User, appraisal_id: int, *, lock: bool = False) -> Appraisal:
    qs = appraisals_visible_to(actor).select_related("user", "appraiser")
    if lock:
        qs = qs.select_for_update(of=("self",))
    appraisal = qs.filter(pk=appraisal_id).first()
    if appraisal is None:
        raise NotFoundError(_("Appraisal not found."))
    return appraisal


def _editable(actor: User, appraisal_id: int) -> Appraisal:
    appraisal = appraisal_for(actor, appraisal_id, lock=True)
    require_appraiser(actor, appraisal.user)
    if appraisal.is_final:
        raise ConflictError(_("This appraisal is finalised and can no longer change."))
    return appraisal


@transaction.atomic
def appraisal_open(*, actor: User, user_id: int, period_start: date, period_end: date) -> Appraisal:
    person = access_person(actor, user_id)
    require_appraiser(actor, person)
    if period_end < period_start:
        raise _invalid("period_end", _("The end cannot be before the start."))
    try:
        with transaction.atomic():
            return Appraisal.objects.create(
                user=person, period_start=period_start, period_end=period_end, appraiser=actor
            )
    except IntegrityError:
        raise ConflictError(_("This person already has an appraisal for this period.")) from None


@transaction.atomic
def appraisal_assess(*, actor: User, appraisal_id: int, rating: str, assessment: str) -> Appraisal:
    appraisal = _editable(actor, appraisal_id)
    if rating and rating not in Rating.values:
        raise _invalid("rating", _("Choose a valid rating."))
    appraisal.rating = rating
    appraisal.assessment = assessment.strip()
    appraisal.save(update_fields=["rating", "assessment", "updated_at"])
    return appraisal


@transaction.atomic
def goal_add(
    *,
    actor: User,
    appraisal_id: int,
    objective: str,
    key_results: str = "",
    weight: int = 25,
    score: Decimal | None = None,
) -> Goal:
    appraisal = _editable(actor, appraisal_id)
    if not objective.strip():
        raise _invalid("objective", _("State the objective."))
    if not 0 <= weight <= 100:
        raise _invalid("weight", _("The weight is a percentage from 0 to 100."))
    if score is not None and not Decimal(0) <= score <= Decimal(1):
        raise _invalid("score", _("The score is from 0 to 1."))
    return Goal.objects.create(
        appraisal=appraisal,
        objective=objective.strip(),
        key_results=key_results.strip(),
        weight=weight,
        score=score,
    )


@transaction.atomic
def interview_record(*, actor: User, appraisal_id: int, held_on: date, notes: str) -> Interview:
    appraisal = _editable(actor, appraisal_id)
    if held_on > timezone.localdate():
        raise _invalid("held_on", _("The date cannot be in the future."))
    if not notes.strip():
        raise _invalid("notes", _("Record what was discussed."))
    return Interview.objects.create(
        appraisal=appraisal, held_on=held_on, interviewer=actor, notes=notes.strip()
    )


@transaction.atomic
def appraisal_finalise(*, actor: User, appraisal_id: int) -> Appraisal:
    """Freeze the appraisal: the figures are computed for its period and stored, so the
    agreed appraisal reads the same later (STF-3)."""
    appraisal = _editable(actor, appraisal_id)
    if AppraisalStatus.FINALISED not in APPRAISAL_TRANSITIONS[appraisal.status]:
        raise ConflictError(_("This appraisal cannot be finalised."))
    if not appraisal.rating or not appraisal.assessment:
        raise _invalid("rating", _("Give the rating and the assessment before finalising."))
    if not appraisal.interviews.exists():
        raise ConflictError(_("Record the performance interview before finalising."))
    appraisal.figures = compute_figures(
        appraisal.user, appraisal.period_start, appraisal.period_end
    )
    appraisal.status = AppraisalStatus.FINALISED
    appraisal.finalised_at = timezone.now()
    appraisal.finalised_by = actor
    appraisal.save(
        update_fields=["figures", "status", "finalised_at", "finalised_by", "updated_at"]
    )
    return appraisal
