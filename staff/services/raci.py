"""Writes for the responsibility matrix (STF-4). Each step of an engagement has exactly one
accountable person: setting a new "A" hands the role over in the same transaction, and the
only "A" of a step cannot be removed or downgraded (the partial unique constraint stops two)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, ConflictError, NotFoundError
from engagements.models import Engagement, TeamMember
from engagements.permissions import require_manager, visible_to
from staff.choices import Raci
from staff.models import DefaultRaci, ProcessStep, RaciAssignment, User


def _engagement(actor: User, engagement_id: int, *, lock: bool = False) -> Engagement:
    qs = visible_to(actor)
    if lock:
        qs = qs.select_for_update()
    engagement = qs.filter(pk=engagement_id).first()
    if engagement is None:
        raise NotFoundError(_("Engagement not found."))
    return engagement


def _team_by_role(engagement: Engagement) -> dict[str, list[int]]:
    people: dict[str, list[int]] = {}
    if engagement.project_manager_id:
        people.setdefault("project_manager", []).append(engagement.project_manager_id)
    for role, user_id in (
        TeamMember.objects.filter(engagement=engagement)
        .order_by("role", "id")
        .values_list("role", "user_id")
    ):
        if user_id not in people.setdefault(role, []):
            people[role].append(user_id)
    return people


@transaction.atomic
def raci_apply_defaults(*, actor: User, engagement_id: int) -> int:
    """Start an engagement's matrix from the firm default: each team role's letter goes to
    the people holding that role; a step whose accountable role nobody holds falls to the
    project manager. Only for an engagement with no matrix yet. Returns rows created."""
    engagement = _engagement(actor, engagement_id, lock=True)
    require_manager(actor, engagement)
    if RaciAssignment.objects.filter(engagement=engagement).exists():
        raise ConflictError(_("This engagement already has a responsibility matrix."))
    if engagement.project_manager_id is None:
        raise ConflictError(_("Name the project manager first."))
    team = _team_by_role(engagement)
    rows: dict[tuple[int, int], RaciAssignment] = {}
    for default in DefaultRaci.objects.select_related("step").order_by("step__order", "team_role"):
        for user_id in team.get(default.team_role, []):
            key = (default.step_id, user_id)
            if key in rows:
                continue
            rows[key] = RaciAssignment(
                engagement=engagement, step=default.step, user_id=user_id, letter=default.letter
            )
    # Exactly one accountable person per step.
    for step in ProcessStep.objects.all():
        accountable = [r for (s, _u), r in rows.items() if s == step.pk and r.letter == "A"]
        for extra in accountable[1:]:
            extra.letter = Raci.RESPONSIBLE
        if not accountable:
            key = (step.pk, engagement.project_manager_id)
            row = rows.get(key) or RaciAssignment(
                engagement=engagement, step=step, user_id=engagement.project_manager_id
            )
            row.letter = Raci.ACCOUNTABLE
            rows[key] = row
    for row in rows.values():
        row.save()  # save(), not bulk_create: the history records each row (SEC-16)
    return len(rows)


@transaction.atomic
def raci_set(
    *, actor: User, engagement_id: int, step_id: int, user_id: int, letter: str
) -> RaciAssignment | None:
    """Give a person a letter for a step ("" removes it). A new "A" takes over from the
    previous accountable person, who becomes responsible."""
    engagement = _engagement(actor, engagement_id, lock=True)
    require_manager(actor, engagement)
    step = ProcessStep.objects.filter(pk=step_id).first()
    if step is None:
        raise ApplicationError(
            _("Choose a valid process step."), extra={"step": [_("Choose a valid process step.")]}
        )
    if letter and letter not in Raci.values:
        message = _("Choose R, A, C or I.")
        raise ApplicationError(message, extra={"letter": [message]})
    team = {uid for ids in _team_by_role(engagement).values() for uid in ids}
    team |= set(engagement.members.values_list("pk", flat=True))
    if user_id not in team:
        message = _("The person must be on the engagement team.")
        raise ApplicationError(message, extra={"user": [message]})
    current = RaciAssignment.objects.filter(
        engagement=engagement, step=step, user_id=user_id
    ).first()
    if current is not None and current.letter == Raci.ACCOUNTABLE and letter != Raci.ACCOUNTABLE:
        raise ConflictError(
            _(
                "Each step needs exactly one accountable person: make someone else "
                "accountable first."
            )
        )
    if not letter:
        if current is not None:
            current.delete()
        return None
    if letter == Raci.ACCOUNTABLE:
        previous = (
            RaciAssignment.objects.filter(engagement=engagement, step=step, letter=Raci.ACCOUNTABLE)
            .exclude(user_id=user_id)
            .first()
        )
        if previous is not None:
            previous.letter = Raci.RESPONSIBLE
            previous.save(update_fields=["letter", "updated_at"])
    if current is None:
        current = RaciAssignment(engagement=engagement, step=step, user_id=user_id)
    current.letter = letter
    current.save()
    return current


def steps_without_accountable(engagement: Engagement) -> list[ProcessStep]:
    """Steps of the matrix that have no accountable person (empty when complete)."""
    covered = RaciAssignment.objects.filter(engagement=engagement, letter=Raci.ACCOUNTABLE).values(
        "step_id"
    )
    return list(ProcessStep.objects.exclude(pk__in=covered))
