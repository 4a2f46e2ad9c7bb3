"""Client materials in custody (DOC-5). Receipt is registered; when the service ends, a
``client_material_return`` SLA clock (7 calendar days by default, admin-editable in the SLA
policies) runs for each material still held; its return or destruction is recorded with who,
when, how and a certificate number, which meets the clock. A copy is kept only when the
client's written consent has been recorded first."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from core.sla.services import open_clock, sla_clock_meet, sla_clock_start
from documents.choices import MaterialForm, MaterialStatus
from documents.models import ClientMaterial
from documents.permissions import can_handle_materials
from engagements.models import AcceptanceRequest, Engagement
from engagements.permissions import can_manage
from staff.models import User

RETURN_POLICY = "client_material_return"


def _locked(material: ClientMaterial) -> ClientMaterial:
    return (
        ClientMaterial.objects.select_for_update().select_related("engagement").get(pk=material.pk)
    )


@transaction.atomic
def client_material_register(
    *,
    actor: User,
    engagement: Engagement,
    description: str,
    form: str,
    received_from: str,
    quantity: str = "",
    received_at: datetime | None = None,
) -> ClientMaterial:
    if not can_handle_materials(actor, engagement):
        raise ForbiddenError(_("Only members of the engagement team may do this."))
    if not description.strip() or not received_from.strip():
        raise ApplicationError(_("Describe the material and who handed it over."))
    if form not in MaterialForm.values:
        raise ApplicationError(_("Unknown form of material."))
    material = ClientMaterial.objects.create(
        engagement=engagement,
        description=description.strip(),
        form=form,
        quantity=quantity.strip(),
        received_from=received_from.strip(),
        received_at=received_at or timezone.now(),
        received_by=actor,
    )
    if engagement.client_materials.exclude(service_ended_at=None).exists():
        # Received after the service ended: its clock starts now.
        _start_clock(material, timezone.now())
    return material


def _start_clock(material: ClientMaterial, ended_at: datetime) -> None:
    material.service_ended_at = ended_at
    material.save(update_fields=["service_ended_at", "updated_at"])
    if open_clock(policy=RETURN_POLICY, target=material) is None:
        sla_clock_start(
            policy=RETURN_POLICY,
            target=material,
            owner=material.engagement.project_manager,
            started_at=ended_at,
        )


@transaction.atomic
def client_materials_service_ended(
    *, actor: User, engagement: Engagement, ended_at: datetime | None = None
) -> int:
    """Start the return-or-destroy clock for every material still held; returns how many.
    Running it again starts no second clock."""
    if not can_manage(actor, engagement):
        raise ForbiddenError(
            _("Only the engagement's project manager or an administrator can do this.")
        )
    return _service_ended(engagement, ended_at or timezone.now())


def _service_ended(engagement: Engagement, ended_at: datetime) -> int:
    count = 0
    held = ClientMaterial.objects.select_for_update().filter(
        engagement=engagement, status=MaterialStatus.HELD, service_ended_at=None
    )
    for material in held.select_related("engagement"):
        _start_clock(material, ended_at)
        count += 1
    return count


def start_clocks_on_acceptance(
    sender: object, request: AcceptanceRequest, **kwargs: object
) -> None:
    """Receiver of ``engagements.signals.acceptance_passed``: the client's acceptance ends the
    service, so the 7-day return-or-destroy clock starts for what is still held (DOC-5) without
    anyone having to remember it. The manual "Service ended" action remains for engagements
    that end otherwise (cancelled, or materials kept past acceptance by agreement)."""
    with transaction.atomic():
        _service_ended(request.engagement, request.verdict_at or timezone.now())


@transaction.atomic
def client_material_record_consent(
    *, actor: User, material: ClientMaterial, reference: str, given_by: str
) -> ClientMaterial:
    """Record the client's written consent to keep a copy (DOC-5)."""
    material = _locked(material)
    if not can_manage(actor, material.engagement):
        raise ForbiddenError(
            _("Only the engagement's project manager or an administrator can do this.")
        )
    if not reference.strip() or not given_by.strip():
        raise ApplicationError(
            _("Name the written consent (letter, e-mail, reference) and who gave it.")
        )
    material.consent_reference = reference.strip()[:300]
    material.consent_given_by = given_by.strip()[:150]
    material.consent_recorded_at = timezone.now()
    material.consent_recorded_by = actor
    material.save(
        update_fields=[
            "consent_reference",
            "consent_given_by",
            "consent_recorded_at",
            "consent_recorded_by",
            "updated_at",
        ]
    )
    return material


@transaction.atomic
def client_material_dispose(
    *,
    actor: User,
    material: ClientMaterial,
    outcome: str,
    method: str,
    counterparty: str,
    keep_copy: bool = False,
    at: datetime | None = None,
) -> ClientMaterial:
    """Record the return or destruction (who, when, how) and issue its certificate number;
    meets the clock. Keeping a copy is refused without the client's written consent."""
    material = _locked(material)
    if not can_handle_materials(actor, material.engagement):
        raise ForbiddenError(_("Only members of the engagement team may do this."))
    if material.status != MaterialStatus.HELD:
        raise ConflictError(_("This material was already returned or destroyed."))
    if outcome not in (MaterialStatus.RETURNED, MaterialStatus.DESTROYED):
        raise ApplicationError(_("Choose return or destruction."))
    if not method.strip() or not counterparty.strip():
        raise ApplicationError(
            _("Say how it was done and to whom it was handed or who witnessed it.")
        )
    if keep_copy and not material.has_consent:
        raise ConflictError(
            _("A copy may be kept only with the client's written consent; record it first.")
        )
    at = at or timezone.now()
    material.status = outcome
    material.disposed_at = at
    material.disposed_by = actor
    material.disposal_method = method.strip()[:300]
    material.counterparty = counterparty.strip()[:150]
    material.copy_kept = keep_copy
    letter = "R" if outcome == MaterialStatus.RETURNED else "D"
    material.certificate_number = f"CM-{material.engagement.code}-{material.pk:05d}-{letter}"
    material.save()
    clock = open_clock(policy=RETURN_POLICY, target=material)
    if clock is not None:
        sla_clock_meet(clock=clock, at=at)
    return material


def materials_before_close(engagement: Engagement) -> str | None:
    """Lifecycle guard (registered at app start): an engagement is not closed while client
    materials are still in the firm's custody (DOC-5)."""
    held = engagement.client_materials.filter(status=MaterialStatus.HELD).count()
    if held:
        return _("%(count)s client material(s) must first be returned or destroyed.") % {
            "count": held
        }
    return None
