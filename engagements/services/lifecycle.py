"""Writes of the engagement lifecycle: intake (ENG-1), requirements (ENG-2), feasibility
(ENG-3), quotations (ENG-4), proposal and its internal review (ENG-5), contract with legal
review, signing and distribution (ENG-6), and the one stage state machine (ENG-13)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client
from core.exceptions import ApplicationError, ConflictError, ForbiddenError, NotFoundError
from core.signoff import content_hash, signed
from core.sla.services import open_clock, sla_clock_meet, sla_clock_start
from engagements.choices import (
    HOLDABLE,
    MAIN_LINE,
    Conclusion,
    LeadSource,
    LineKind,
    ReviewDecision,
    Stage,
    allowed_targets,
)
from engagements.models import (
    Contract,
    ContractCopy,
    Engagement,
    FeasibilityAssessment,
    Proposal,
    Quotation,
    QuotationLine,
    Requirements,
    Review,
    StageTransition,
)
from engagements.permissions import require_manager
from engagements.signals import stage_changed
from staff.choices import Role
from staff.models import User

PROPOSAL_FIELDS = [
    "objectives",
    "scope",
    "methods",
    "schedule",
    "deliverables",
    "team_introduction",
]
CONTRACT_FIELDS = ["scope", "term", "payment", "confidentiality", "liability"]
REQUIREMENT_FIELDS = [
    "background",
    "goals",
    "expected_outcomes",
    "functional_needs",
    "non_functional_needs",
    "smart_objectives",
]
FEASIBILITY_FIELDS = [
    "technical",
    "technical_experts",
    "economic",
    "economic_experts",
    "time",
    "time_experts",
]
LEGAL_CHECKLIST = ["complete", "accurate", "legal", "risk_clauses"]
REVIEWER_ROLES = (Role.TECHNICAL_DIRECTOR, Role.QA_MANAGER, Role.ADMIN)


def _locked(engagement: Engagement) -> Engagement:
    return Engagement.objects.select_for_update().get(pk=engagement.pk)


def _require_open(engagement: Engagement) -> None:
    if engagement.stage in (Stage.CLOSED, Stage.DECLINED, Stage.CANCELLED):
        raise ConflictError(
            _("This engagement is %(stage)s: it cannot be changed.")
            % {"stage": engagement.get_stage_display()}
        )


def _text_fields(values: dict[str, Any], allowed: Iterable[str]) -> dict[str, str]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ApplicationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    return {key: str(value).strip() for key, value in values.items()}


def _next_code(received: datetime) -> str:
    prefix = f"ENG-{timezone.localtime(received).year}-"
    last = (
        Engagement.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdecimal() else 1
    return f"{prefix}{number:03d}"


# --- Intake (ENG-1) -------------------------------------------------------------------------


@transaction.atomic
def engagement_intake(
    *,
    actor: User,
    client: Client,
    title: str,
    service_type: str,
    source: str,
    channel: str = "",
    contact_name: str = "",
    contact_details: str = "",
    question: str = "",
    received_at: datetime | None = None,
    project_manager: User | None = None,
) -> Engagement:
    """Record a lead; an enquiry starts the 1-working-hour answer clock (CRM-5)."""
    if not title.strip():
        raise ApplicationError(_("A lead needs a title."))
    if source == LeadSource.ENQUIRY and not channel:
        raise ApplicationError(_("Say through which channel the enquiry came in."))
    received_at = received_at or timezone.now()
    manager = project_manager or (actor if actor.has_role(Role.PROJECT_MANAGER) else None)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                engagement = Engagement.objects.create(
                    code=_next_code(received_at),
                    title=title.strip(),
                    client=client,
                    service_type=service_type,
                    source=source,
                    channel=channel,
                    contact_name=contact_name.strip(),
                    contact_details=contact_details.strip(),
                    question=question.strip(),
                    received_at=received_at,
                    project_manager=manager,
                    stage=Stage.LEAD,
                )
            break
        except IntegrityError:
            continue  # two intakes took the same number: take the next one
    else:
        raise ConflictError(_("Could not number the engagement; please try again."))
    if source == LeadSource.ENQUIRY:
        sla_clock_start(
            policy="enquiry_answer",
            target=engagement,
            owner=manager or actor,
            started_at=received_at,
        )
    return engagement


@transaction.atomic
def engagement_answer_enquiry(
    *, actor: User, engagement: Engagement, at: datetime | None = None
) -> Engagement:
    """The enquirer got a first answer: the CRM-5 clock is met."""
    engagement = _locked(engagement)
    if engagement.answered_at is not None:
        raise ConflictError(_("The enquiry was already answered."))
    engagement.answered_at = at or timezone.now()
    engagement.save(update_fields=["answered_at"])
    clock = open_clock(policy="enquiry_answer", target=engagement)
    if clock is not None:
        sla_clock_meet(clock=clock, at=engagement.answered_at)
    return engagement


# --- Requirements and feasibility (ENG-2, ENG-3) --------------------------------------------


@transaction.atomic
def requirements_save(*, actor: User, engagement: Engagement, **fields: Any) -> Requirements:
    require_manager(actor, engagement)
    _require_open(engagement)
    values = _text_fields(fields, REQUIREMENT_FIELDS)
    requirements, _created = Requirements.objects.get_or_create(engagement=engagement)
    for key, value in values.items():
        setattr(requirements, key, value)
    requirements.save()
    return requirements


@transaction.atomic
def feasibility_save(
    *, actor: User, engagement: Engagement, **fields: Any
) -> FeasibilityAssessment:
    require_manager(actor, engagement)
    _require_open(engagement)
    values = _text_fields(fields, FEASIBILITY_FIELDS)
    assessment, _created = FeasibilityAssessment.objects.get_or_create(engagement=engagement)
    if assessment.conclusion:
        raise ConflictError(
            _("The feasibility assessment is concluded and can no longer be edited.")
        )
    for key, value in values.items():
        setattr(assessment, key, value)
    assessment.save()
    return assessment


@transaction.atomic
def feasibility_conclude(
    *, actor: User, engagement: Engagement, conclusion: str, reason: str = ""
) -> FeasibilityAssessment:
    """Accept or decline; a declined lead stops there (ENG-3)."""
    require_manager(actor, engagement)
    engagement = _locked(engagement)
    if engagement.stage != Stage.FEASIBILITY:
        raise ConflictError(_("Feasibility is concluded during the feasibility stage."))
    assessment = (
        FeasibilityAssessment.objects.select_for_update().filter(engagement=engagement).first()
    )
    if assessment is None:
        raise ConflictError(_("Record the feasibility assessment first."))
    if assessment.conclusion:
        raise ConflictError(_("The feasibility assessment is already concluded."))
    if conclusion not in Conclusion.values:
        raise ApplicationError(_("The conclusion must be accept or decline."))
    missing = [
        label
        for label, text, experts in [
            (_("technical"), assessment.technical, assessment.technical_experts),
            (_("economic"), assessment.economic, assessment.economic_experts),
            (_("time"), assessment.time, assessment.time_experts),
        ]
        if not text or not experts
    ]
    if missing:
        raise ConflictError(
            _("Each part needs an assessment and named experts; missing: %(parts)s")
            % {"parts": "、".join(missing)}
        )
    if conclusion == Conclusion.DECLINE and not reason.strip():
        raise ApplicationError(_("Give the reason for declining."))
    assessment.conclusion = conclusion
    assessment.concluded_by = actor
    assessment.concluded_at = timezone.now()
    assessment.save()
    if conclusion == Conclusion.DECLINE:
        _move(engagement, Stage.DECLINED, actor=actor, reason=reason)
    return assessment


# --- Quotations (ENG-4) ---------------------------------------------------------------------


def _clean_lines(lines: list[dict[str, Any]]) -> list[QuotationLine]:
    if not lines:
        raise ApplicationError(_("A quotation needs at least one line."))
    cleaned = []
    for number, line in enumerate(lines, start=1):
        try:
            quantity = Decimal(str(line.get("quantity", "")))
            unit_price = Decimal(str(line.get("unit_price", "")))
        except InvalidOperation as exc:
            raise ApplicationError(
                _("Line %(n)s: quantity and unit price must be numbers.") % {"n": number}
            ) from exc
        kind = line.get("kind", "")
        description = str(line.get("description", "")).strip()
        if kind not in LineKind.values:
            raise ApplicationError(_("Line %(n)s: unknown kind of cost.") % {"n": number})
        if not description:
            raise ApplicationError(_("Line %(n)s: describe the item.") % {"n": number})
        if (
            quantity <= 0
            or unit_price < 0
            or not quantity.is_finite()
            or not unit_price.is_finite()
        ):
            raise ApplicationError(
                _("Line %(n)s: the quantity must be positive and the price not negative.")
                % {"n": number}
            )
        if quantity.as_tuple().exponent < -2 or unit_price.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ApplicationError(_("Line %(n)s: at most two decimals.") % {"n": number})
        cleaned.append(
            QuotationLine(
                kind=kind, description=description, quantity=quantity, unit_price=unit_price
            )
        )
    return cleaned


@transaction.atomic
def quotation_create(
    *,
    actor: User,
    engagement: Engagement,
    lines: list[dict[str, Any]],
    note: str = "",
    currency: str = "CNY",
) -> Quotation:
    """A new version; earlier versions stay as they were, for comparison."""
    require_manager(actor, engagement)
    engagement = _locked(engagement)
    _require_open(engagement)
    if len(currency) != 3 or not currency.isalpha():
        raise ApplicationError(_("The currency must be a three-letter code such as CNY."))
    cleaned = _clean_lines(lines)
    version = (engagement.quotations.aggregate(v=Max("version"))["v"] or 0) + 1
    quotation = Quotation.objects.create(
        engagement=engagement,
        version=version,
        currency=currency.upper(),
        note=note.strip(),
        created_by=actor,
    )
    for line in cleaned:
        line.quotation = quotation
    QuotationLine.objects.bulk_create(cleaned)
    return quotation


# --- Proposal and its internal review (ENG-5) -----------------------------------------------


def _content(record: Proposal | Contract, fields: list[str]) -> dict[str, Any]:
    """What a sign-off binds: the reviewed text with the engagement it belongs to."""
    return {"engagement": record.engagement_id, **{f: getattr(record, f) for f in fields}}


def _proposal_content(proposal: Proposal) -> dict[str, Any]:
    return _content(proposal, PROPOSAL_FIELDS)


def _apply_edits(
    record: Proposal | Contract, values: dict[str, str], fields: list[str], approval: str
) -> None:
    """Save text edits; if the signed-off content changed, withdraw the approval so that
    the new text needs its own review."""
    before = content_hash(_content(record, fields))
    for key, value in values.items():
        setattr(record, key, value)
    if content_hash(_content(record, fields)) != before:
        setattr(record, approval, None)
    record.save()


@transaction.atomic
def proposal_save(*, actor: User, engagement: Engagement, **fields: Any) -> Proposal:
    """Editing an approved proposal withdraws the approval: the new text needs a review."""
    require_manager(actor, engagement)
    _require_open(engagement)
    values = _text_fields(fields, PROPOSAL_FIELDS)
    proposal, _created = Proposal.objects.select_for_update().get_or_create(engagement=engagement)
    if proposal.sent_at is not None:
        raise ConflictError(_("The proposal was sent to the client and can no longer be edited."))
    _apply_edits(proposal, values, PROPOSAL_FIELDS, "approved_at")
    return proposal


@signed
@transaction.atomic
def proposal_review(
    *, actor: User, engagement: Engagement, decision: str, comments: str = ""
) -> Review:
    """The internal review (组织内部评审): a pass is an electronic sign-off (X-2)."""
    if not actor.has_role(*REVIEWER_ROLES):
        raise ForbiddenError(
            _("Only a technical director, QA manager or administrator reviews proposals.")
        )
    if engagement.project_manager_id == actor.pk:
        raise ForbiddenError(_("The project manager cannot review their own proposal."))
    proposal = Proposal.objects.select_for_update().filter(engagement=engagement).first()
    if proposal is None or not all(
        getattr(proposal, f) for f in ("objectives", "scope", "deliverables")
    ):
        raise ConflictError(
            _("The proposal needs at least objectives, scope and deliverables before review.")
        )
    if decision not in ReviewDecision.values:
        raise ApplicationError(_("The decision must be pass or return."))
    if decision == ReviewDecision.RETURN and not comments.strip():
        raise ApplicationError(_("Say what must change when returning the proposal."))
    now = timezone.now()
    review = Review.objects.create(
        engagement=engagement,
        kind=Review.Kind.PROPOSAL,
        reviewer=actor,
        decision=decision,
        comments=comments.strip(),
        content_hash=content_hash(_proposal_content(proposal)),
        at=now,
    )
    proposal.approved_at = now if decision == ReviewDecision.PASS else None
    proposal.save(update_fields=["approved_at", "updated_at"])
    return review


def _last_pass(engagement: Engagement, kind: str) -> Review | None:
    return (
        Review.objects.filter(engagement=engagement, kind=kind, decision=ReviewDecision.PASS)
        .order_by("-at", "-id")
        .first()
    )


@transaction.atomic
def proposal_send(*, actor: User, engagement: Engagement) -> Proposal:
    """Refused unless the text sent is exactly the text the internal review passed."""
    require_manager(actor, engagement)
    proposal = Proposal.objects.select_for_update().filter(engagement=engagement).first()
    if proposal is None:
        raise ConflictError(_("There is no proposal to send."))
    if proposal.sent_at is not None:
        raise ConflictError(_("The proposal was already sent."))
    passed = _last_pass(engagement, Review.Kind.PROPOSAL)
    if (
        proposal.approved_at is None
        or passed is None
        or passed.content_hash != content_hash(_proposal_content(proposal))
    ):
        raise ConflictError(_("The proposal must pass the internal review before it is sent."))
    proposal.sent_at = timezone.now()
    proposal.save(update_fields=["sent_at", "updated_at"])
    return proposal


# --- Contract (ENG-6) -----------------------------------------------------------------------


def _contract_content(contract: Contract) -> dict[str, Any]:
    return _content(contract, CONTRACT_FIELDS)


@transaction.atomic
def contract_save(*, actor: User, engagement: Engagement, **fields: Any) -> Contract:
    require_manager(actor, engagement)
    _require_open(engagement)
    values = _text_fields(fields, CONTRACT_FIELDS)
    contract, _created = Contract.objects.select_for_update().get_or_create(engagement=engagement)
    if contract.signed_at is not None:
        raise ConflictError(_("The contract is signed and can no longer be edited."))
    _apply_edits(contract, values, CONTRACT_FIELDS, "legal_approved_at")
    return contract


@signed
@transaction.atomic
def contract_legal_review(
    *,
    actor: User,
    engagement: Engagement,
    decision: str,
    checklist: dict[str, bool],
    comments: str = "",
) -> Review:
    """法务审核: completeness, accuracy, legality and risk clauses; all must hold to pass."""
    if not actor.has_role(Role.LEGAL_REVIEWER):
        raise ForbiddenError(_("Only a legal reviewer can review contracts."))
    contract = Contract.objects.select_for_update().filter(engagement=engagement).first()
    if contract is None or not all(getattr(contract, f) for f in CONTRACT_FIELDS):
        raise ConflictError(_("Every term of the contract must be filled in before legal review."))
    if decision not in ReviewDecision.values:
        raise ApplicationError(_("The decision must be pass or return."))
    ticked = {key: bool(checklist.get(key)) for key in LEGAL_CHECKLIST}
    if decision == ReviewDecision.PASS and not all(ticked.values()):
        raise ApplicationError(_("A pass needs every point of the legal checklist confirmed."))
    if decision == ReviewDecision.RETURN and not comments.strip():
        raise ApplicationError(_("Say what must change when returning the contract."))
    now = timezone.now()
    review = Review.objects.create(
        engagement=engagement,
        kind=Review.Kind.LEGAL,
        reviewer=actor,
        decision=decision,
        comments=comments.strip(),
        checklist=ticked,
        content_hash=content_hash(_contract_content(contract)),
        at=now,
    )
    contract.legal_approved_at = now if decision == ReviewDecision.PASS else None
    contract.save(update_fields=["legal_approved_at", "updated_at"])
    return review


@signed
@transaction.atomic
def contract_sign(*, actor: User, engagement: Engagement) -> Contract:
    """Signed by an authorised representative, only on the terms the legal review passed."""
    if not actor.has_perm("engagements.sign_contract"):
        raise ForbiddenError(_("Only an authorised representative of the firm can sign contracts."))
    contract = Contract.objects.select_for_update().filter(engagement=engagement).first()
    if contract is None:
        raise ConflictError(_("There is no contract to sign."))
    if contract.signed_at is not None:
        raise ConflictError(_("The contract is already signed."))
    passed = _last_pass(engagement, Review.Kind.LEGAL)
    if (
        contract.legal_approved_at is None
        or passed is None
        or passed.content_hash != content_hash(_contract_content(contract))
    ):
        raise ConflictError(_("The contract must pass the legal review before it is signed."))
    contract.signed_by = actor
    contract.signed_at = timezone.now()
    contract.save(update_fields=["signed_by", "signed_at", "updated_at"])
    return contract


@transaction.atomic
def contract_distribute(
    *, actor: User, engagement: Engagement, recipient: str, copies: int = 1
) -> ContractCopy:
    require_manager(actor, engagement)
    contract = Contract.objects.filter(engagement=engagement).first()
    if contract is None or contract.signed_at is None:
        raise ConflictError(_("Only a signed contract can be distributed."))
    if not recipient.strip() or copies < 1:
        raise ApplicationError(_("Name the recipient and at least one copy."))
    return ContractCopy.objects.create(
        contract=contract,
        recipient=recipient.strip(),
        copies=copies,
        distributed_by=actor,
        distributed_at=timezone.now(),
    )


# --- The stage state machine (ENG-13) -------------------------------------------------------

Guard = Callable[[Engagement], str | None]


def _requirements_recorded(engagement: Engagement) -> str | None:
    requirements = Requirements.objects.filter(engagement=engagement).first()
    if requirements is None or not requirements.goals or not requirements.background:
        return _("record the preliminary requirements (at least background and goals)")
    return None


def _feasibility_accepted(engagement: Engagement) -> str | None:
    assessment = FeasibilityAssessment.objects.filter(engagement=engagement).first()
    if assessment is None or assessment.conclusion != Conclusion.ACCEPT:
        return _("a feasibility assessment concluded with “accept”")
    return None


def _quotation_exists(engagement: Engagement) -> str | None:
    return None if engagement.quotations.exists() else _("at least one quotation")


def _proposal_sent(engagement: Engagement) -> str | None:
    proposal = Proposal.objects.filter(engagement=engagement).first()
    return (
        None
        if proposal and proposal.sent_at
        else _("a proposal that passed the internal review and was sent")
    )


def _contract_signed(engagement: Engagement) -> str | None:
    contract = Contract.objects.filter(engagement=engagement).first()
    return (
        None
        if contract and contract.signed_at
        else _("a contract that passed legal review and was signed")
    )


def _has_project_manager(engagement: Engagement) -> str | None:
    return None if engagement.project_manager_id else _("a project manager")


def _kickoff_held(engagement: Engagement) -> str | None:
    from engagements.models.meetings import Meeting, MeetingKind

    held = Meeting.objects.filter(
        engagement=engagement,
        kind=MeetingKind.KICKOFF,
        held_at__lte=timezone.now(),
        minutes__gt="",
        agenda__gt="",
    ).exists()
    return None if held else _("a kickoff meeting held, with its agenda and minutes recorded")


# Preconditions for entering each stage; other modules add theirs with ``register_guard``.
GUARDS: dict[str, list[Guard]] = {
    Stage.FEASIBILITY: [_requirements_recorded],
    Stage.QUOTATION: [_feasibility_accepted],
    Stage.PROPOSAL: [_quotation_exists],
    Stage.CONTRACT: [_proposal_sent],
    Stage.KICKOFF: [_contract_signed, _has_project_manager],
    Stage.EXECUTION: [_kickoff_held],
}


def register_guard(stage: str, guard: Guard) -> None:
    if guard not in GUARDS.setdefault(stage, []):
        GUARDS[stage].append(guard)


def _move(engagement: Engagement, to_stage: str, *, actor: User, reason: str) -> StageTransition:
    transition = StageTransition.objects.create(
        engagement=engagement,
        from_stage=engagement.stage,
        to_stage=to_stage,
        actor=actor,
        at=timezone.now(),
        reason=reason,
    )
    engagement.stage = to_stage
    engagement._change_reason = reason  # type: ignore[attr-defined]  # simple-history's reason
    engagement.save(update_fields=["stage", "held_stage", "updated_at"])
    stage_changed.send(sender=Engagement, engagement=engagement, transition=transition)
    return transition


@transaction.atomic
def engagement_transition(
    *, actor: User, engagement: Engagement, to_stage: str, reason: str = ""
) -> Engagement:
    """Move to ``to_stage`` if the table allows it and its preconditions hold; otherwise
    refuse (409) naming what is missing, and change nothing."""
    require_manager(actor, engagement)
    engagement = _locked(engagement)
    if to_stage not in Stage.values:
        raise ApplicationError(_("Unknown stage."))
    if to_stage not in allowed_targets(engagement.stage):
        raise ConflictError(
            _("An engagement cannot go from “%(from)s” to “%(to)s”.")
            % {"from": engagement.get_stage_display(), "to": Stage(to_stage).label}
        )
    if to_stage in (Stage.DECLINED, Stage.CANCELLED, Stage.ON_HOLD) and not reason.strip():
        raise ApplicationError(_("Give a reason."))
    if to_stage == Stage.DECLINED and engagement.stage == Stage.FEASIBILITY:
        raise ConflictError(_("Decline through the feasibility conclusion."))
    missing = [m for m in (guard(engagement) for guard in GUARDS.get(to_stage, [])) if m]
    if missing:
        raise ConflictError(
            _("“%(to)s” needs %(missing)s.")
            % {"to": Stage(to_stage).label, "missing": "; ".join(missing)}
        )
    if to_stage == Stage.ON_HOLD:
        engagement.held_stage = engagement.stage
    _move(engagement, to_stage, actor=actor, reason=reason.strip())
    return engagement


@transaction.atomic
def engagement_resume(*, actor: User, engagement: Engagement, reason: str = "") -> Engagement:
    require_manager(actor, engagement)
    engagement = _locked(engagement)
    if engagement.stage != Stage.ON_HOLD or not engagement.held_stage:
        raise ConflictError(_("Only an engagement on hold can resume."))
    target = engagement.held_stage
    engagement.held_stage = ""
    _move(engagement, target, actor=actor, reason=reason.strip())
    return engagement


def next_stage(engagement: Engagement) -> str | None:
    """The main-line stage after the current one, if any."""
    if engagement.stage in MAIN_LINE[:-1]:
        return MAIN_LINE[MAIN_LINE.index(Stage(engagement.stage)) + 1]
    return None


def can_hold(engagement: Engagement) -> bool:
    return engagement.stage in HOLDABLE


def access_for_write(actor: User, pk: int) -> Engagement:
    """The engagement if the actor may see it (404 alike for missing and foreign)."""
    from engagements.permissions import visible_to

    engagement = visible_to(actor).filter(pk=pk).first()
    if engagement is None:
        raise NotFoundError(_("Engagement not found."))
    return engagement


@transaction.atomic
def engagement_set_budget(
    *, actor: User, engagement: Engagement, budget: Decimal | None
) -> Engagement:
    """The internal cost budget the cost overrun rate is measured against (ENG-9)."""
    require_manager(actor, engagement)
    engagement = _locked(engagement)
    if budget is not None and (budget < 0 or not budget.is_finite()):
        raise ApplicationError(_("The budget cannot be negative."))
    engagement.budget = budget
    engagement.save(update_fields=["budget", "updated_at"])
    return engagement
