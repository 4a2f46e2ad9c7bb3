"""Turn the apps' signals into webhook events. Connected once from ``CoreConfig.ready``; the
signals are sent inside the transaction of the change, so an event exists exactly when the
change committed. Payloads hold ids, codes and states, no personal data."""

from __future__ import annotations

from typing import Any

from core.webhooks import events
from core.webhooks.services import webhook_publish


def _stage_changed(sender: Any, engagement: Any, transition: Any, **_: Any) -> None:
    webhook_publish(
        event_type=events.ENGAGEMENT_STAGE_CHANGED,
        payload={
            "engagement": {"id": engagement.pk, "code": engagement.code},
            "from_stage": transition.from_stage,
            "to_stage": transition.to_stage,
            "actor": transition.actor_id,
        },
        occurred_at=transition.at,
    )


def _review_signed(sender: Any, signature: Any, **_: Any) -> None:
    version = signature.version
    webhook_publish(
        event_type=events.REVIEW_SIGNED,
        payload={
            "signature": signature.pk,
            "version": version.pk,
            "document": version.document_id,
            "engagement": version.document.engagement_id,
            "position": signature.position,
            "meaning": signature.meaning,
            "signer": signature.signer_id,
            "record_hash": signature.record_hash,
        },
        occurred_at=signature.signed_at,
    )


def _complaint(complaint: Any) -> dict[str, Any]:
    return {
        "id": complaint.pk,
        "reference": complaint.reference,
        "client": complaint.client_id,
        "engagement": complaint.engagement_id,
        "status": complaint.status,
        "severity": complaint.severity,
        "nature": complaint.nature,
        "channel": complaint.channel,
    }


def _complaint_created(sender: Any, complaint: Any, **_: Any) -> None:
    webhook_publish(
        event_type=events.COMPLAINT_CREATED, payload={"complaint": _complaint(complaint)}
    )


def _complaint_status_changed(sender: Any, complaint: Any, from_status: str, **_: Any) -> None:
    webhook_publish(
        event_type=events.COMPLAINT_STATUS_CHANGED,
        payload={"complaint": _complaint(complaint), "from_status": from_status},
    )


def _kpi_breached(sender: Any, breach: Any, **_: Any) -> None:
    objective = breach.objective
    webhook_publish(
        event_type=events.KPI_BREACHED,
        payload={
            "breach": breach.pk,
            "objective": {"id": objective.pk, "code": objective.code},
            "value": str(breach.value),
            "target": str(objective.target),
            "unit": objective.unit,
        },
        occurred_at=breach.opened_at,
    )


def connect() -> None:
    from clients.signals import complaint_created, complaint_status_changed
    from engagements.signals import stage_changed
    from quality.signals import kpi_breached, review_signed

    stage_changed.connect(_stage_changed, dispatch_uid="webhooks.stage_changed")
    review_signed.connect(_review_signed, dispatch_uid="webhooks.review_signed")
    complaint_created.connect(_complaint_created, dispatch_uid="webhooks.complaint_created")
    complaint_status_changed.connect(
        _complaint_status_changed, dispatch_uid="webhooks.complaint_status_changed"
    )
    kpi_breached.connect(_kpi_breached, dispatch_uid="webhooks.kpi_breached")
