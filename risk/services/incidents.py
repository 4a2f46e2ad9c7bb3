"""Incidents handled against the emergency plan of their category (RSK-5): reported and
classified, handled step by step with every move on the timeline, resolved, and closed only
with a post-incident review, which sends ``risk.signals.incident_reviewed``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, ConflictError, ForbiddenError, NotFoundError
from core.notifications.services import notify
from risk import permissions as perms
from risk.choices import INCIDENT_TRANSITIONS, IncidentStatus, Severity, TimelineKind
from risk.models import EmergencyPlan, Incident, IncidentEvent, IncidentStep, Risk, RiskCategory
from risk.services.register import _engagement, _staff_user
from risk.signals import incident_reviewed
from staff.choices import Role
from staff.models import User


def _event(incident: Incident, kind: str, actor: User, text: str = "") -> IncidentEvent:
    return IncidentEvent.objects.create(
        incident=incident, kind=kind, at=timezone.now(), actor=actor, text=text
    )


def _move(incident: Incident, to: str) -> None:
    if to not in INCIDENT_TRANSITIONS[incident.status]:
        raise ConflictError(
            _("An incident that is “%(status)s” cannot move to “%(to)s”.")
            % {"status": incident.get_status_display(), "to": IncidentStatus(to).label}
        )
    incident.status = to


def _locked(incident_id: int) -> Incident:
    incident = (
        Incident.objects.select_for_update(of=("self",))
        .select_related("engagement")
        .filter(pk=incident_id)
        .first()
    )
    if incident is None:
        raise NotFoundError(_("Incident not found."))
    return incident


def _next_code(year: int) -> str:
    prefix = f"INC-{year}-"
    return f"{prefix}{Incident.objects.filter(code__startswith=prefix).count() + 1:04d}"


@transaction.atomic
def incident_report(
    *,
    actor: User,
    engagement_id: int | None,
    category_id: int,
    title: str,
    description: str,
    severity: str,
    occurred_at: datetime | None = None,
    risk_id: int | None = None,
    plan_id: int | None = None,
) -> Incident:
    """Report an incident. The category's active emergency plan (or the one named) is
    attached and its steps copied onto the incident; oversight roles are notified."""
    engagement = _engagement(engagement_id)
    if not perms.has_risk_role(actor):
        raise ForbiddenError(_("You may not report incidents here."))
    if engagement is not None and not (
        perms.is_oversight(actor) or perms.eng_perms.can_work_on(actor, engagement)
    ):
        raise ForbiddenError(_("Only members of the engagement team may do this."))
    category = RiskCategory.objects.filter(pk=category_id).first()
    if category is None:
        raise ApplicationError(_("Unknown category."), extra={"category": [_("Unknown.")]})
    if severity not in Severity.values:
        raise ApplicationError(_("Unknown severity."), extra={"severity": [_("Unknown.")]})
    occurred_at = occurred_at or timezone.now()
    if occurred_at > timezone.now():
        raise ApplicationError(
            _("An incident cannot occur in the future."),
            extra={"occurred_at": [_("An incident cannot occur in the future.")]},
        )
    risk = None
    if risk_id is not None:
        risk = Risk.objects.filter(pk=risk_id, engagement=engagement).first()
        if risk is None:
            raise ApplicationError(_("Unknown risk."), extra={"risk": [_("Unknown risk.")]})
    plans = EmergencyPlan.objects.filter(category=category, is_active=True)
    plan = plans.filter(pk=plan_id).first() if plan_id else plans.order_by("pk").first()
    if plan_id and plan is None:
        raise ApplicationError(
            _("This emergency plan is not for the incident's category."),
            extra={"plan": [_("Not a plan of this category.")]},
        )
    incident = Incident(
        engagement=engagement,
        risk=risk,
        category=category,
        plan=plan,
        title=title.strip(),
        description=description,
        severity=severity,
        reported_by=actor,
        occurred_at=occurred_at,
    )
    year = timezone.localdate().year
    for _attempt in range(5):
        incident.code = _next_code(year)
        try:
            with transaction.atomic():
                incident.save()
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover
        raise ConflictError(_("Please try again."))
    if plan is not None:
        IncidentStep.objects.bulk_create(
            IncidentStep(incident=incident, order=s.order, action=s.action, role=s.role)
            for s in plan.steps.all()
        )
    _event(incident, TimelineKind.REPORTED, actor, description[:500])
    recipients = list(User.objects.filter(groups__name__in=[Role.QA_MANAGER], is_active=True))
    if engagement is not None and engagement.project_manager is not None:
        recipients.append(engagement.project_manager)
    notify(
        recipients=[u for u in recipients if u.pk != actor.pk],
        kind="risk_incident",
        event_key=f"risk:incident:{incident.pk}:reported",
        params={"target": str(incident), "severity": incident.get_severity_display()},
        link=incident.get_absolute_url(),
    )
    return incident


def _require_handler(actor: User, incident: Incident) -> None:
    perms.require_manage_scope(actor, incident.engagement)


@transaction.atomic
def incident_classify(*, actor: User, incident_id: int, severity: str, note: str = "") -> Incident:
    incident = _locked(incident_id)
    _require_handler(actor, incident)
    if incident.status == IncidentStatus.CLOSED:
        raise ConflictError(_("This incident is closed."))
    if severity not in Severity.values:
        raise ApplicationError(_("Unknown severity."), extra={"severity": [_("Unknown.")]})
    before = incident.get_severity_display()
    incident.severity = severity
    incident.save(update_fields=["severity", "updated_at"])
    _event(
        incident,
        TimelineKind.CLASSIFIED,
        actor,
        f"{before} → {incident.get_severity_display()}" + (f": {note}" if note else ""),
    )
    return incident


@transaction.atomic
def incident_step_done(
    *, actor: User, incident_id: int, step_id: int, note: str = ""
) -> IncidentStep:
    """Tick off the next step of the plan, in order; the first step starts the handling."""
    incident = _locked(incident_id)
    _require_handler(actor, incident)
    if incident.status not in (IncidentStatus.REPORTED, IncidentStatus.HANDLING):
        raise ConflictError(_("Steps are done while the incident is being handled."))
    step = IncidentStep.objects.select_for_update().filter(pk=step_id, incident=incident).first()
    if step is None:
        raise NotFoundError(_("Step not found."))
    if step.done_at is not None:
        raise ConflictError(_("This step is already done."))
    if incident.steps.filter(order__lt=step.order, done_at__isnull=True).exists():
        raise ConflictError(_("Do the earlier steps first."))
    if incident.status == IncidentStatus.REPORTED:
        _move(incident, IncidentStatus.HANDLING)
        incident.save(update_fields=["status", "updated_at"])
    step.done_at, step.done_by, step.note = timezone.now(), actor, note
    step.save(update_fields=["done_at", "done_by", "note"])
    _event(
        incident,
        TimelineKind.STEP,
        actor,
        f"{step.order}. {step.action}" + (f" — {note}" if note else ""),
    )
    return step


@transaction.atomic
def incident_add_note(*, actor: User, incident_id: int, text: str) -> IncidentEvent:
    incident = _locked(incident_id)
    _require_handler(actor, incident)
    if not text.strip():
        raise ApplicationError(_("Write the note."), extra={"text": [_("Required.")]})
    return _event(incident, TimelineKind.NOTE, actor, text.strip())


@transaction.atomic
def incident_resolve(*, actor: User, incident_id: int, note: str = "") -> Incident:
    """Resolved when every step of the plan is done (or there were none)."""
    incident = _locked(incident_id)
    _require_handler(actor, incident)
    if incident.status == IncidentStatus.REPORTED:
        _move(incident, IncidentStatus.HANDLING)
    if incident.steps.filter(done_at__isnull=True).exists():
        raise ConflictError(_("Finish every step of the emergency plan first."))
    _move(incident, IncidentStatus.RESOLVED)
    incident.resolved_at = timezone.now()
    incident.save(update_fields=["status", "resolved_at", "updated_at"])
    _event(incident, TimelineKind.RESOLVED, actor, note)
    return incident


@transaction.atomic
def incident_reopen(*, actor: User, incident_id: int, reason: str) -> Incident:
    incident = _locked(incident_id)
    _require_handler(actor, incident)
    if not reason.strip():
        raise ApplicationError(_("Say why it is reopened."), extra={"reason": [_("Required.")]})
    _move(incident, IncidentStatus.HANDLING)
    incident.resolved_at = None
    incident.save(update_fields=["status", "resolved_at", "updated_at"])
    _event(incident, TimelineKind.REOPENED, actor, reason.strip())
    return incident


def _clean_improvements(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for item in items:
        text = str(item.get("description", "")).strip()
        if not text:
            continue
        owner_id = item.get("owner_id") or None
        if owner_id is not None:
            owner_id = _staff_user(int(owner_id), "improvements").pk
        due = item.get("due_date") or None
        if isinstance(due, date):
            due = due.isoformat()
        cleaned.append({"description": text[:500], "owner_id": owner_id, "due_date": due})
    return cleaned


@transaction.atomic
def incident_close_with_review(
    *,
    actor: User,
    incident_id: int,
    root_cause: str,
    lessons: str,
    improvements: list[dict[str, Any]] | None = None,
) -> Incident:
    """Close a resolved incident with its post-incident review (RSK-5). After commit,
    ``incident_reviewed`` lets the quality app open corrective actions (QC-13)."""
    incident = _locked(incident_id)
    _require_handler(actor, incident)
    if not root_cause.strip() or not lessons.strip():
        raise ApplicationError(
            _("The review states the root cause and the lessons learned."),
            extra={
                **({"root_cause": [_("Required.")]} if not root_cause.strip() else {}),
                **({"lessons": [_("Required.")]} if not lessons.strip() else {}),
            },
        )
    _move(incident, IncidentStatus.CLOSED)
    incident.root_cause, incident.lessons = root_cause.strip(), lessons.strip()
    incident.improvements = _clean_improvements(improvements or [])
    incident.reviewed_by, incident.closed_at = actor, timezone.now()
    incident.save()
    _event(incident, TimelineKind.REVIEWED, actor, incident.root_cause[:500])
    improvements_sent = list(incident.improvements)
    transaction.on_commit(
        lambda: incident_reviewed.send(
            sender=Incident, incident=incident, improvements=improvements_sent, actor=actor
        )
    )
    return incident
