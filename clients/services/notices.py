"""Notifications to the firm's staff about client items (CRM-3, CRM-5): who hears of a new
complaint or support request and of the client's later moves. Params carry both languages
for words that are translated, since the title is rendered in each recipient's language."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from clients.models import Complaint, SupportRequest
from core.notifications.services import Modes, notify, with_preference
from staff.choices import Role
from staff.models import User


def both(text: str | Promise) -> dict[str, str]:
    """A translatable phrase in both languages, for a notification's params."""
    out = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            out[language] = str(text)
    return out


def _desk(owner_ids: list[int | None], kind: str) -> tuple[list[User], Modes]:
    """The QA managers (the client-relations desk) and the item's handler or project manager,
    with their preference for ``kind`` (one query)."""
    ids = [pk for pk in owner_ids if pk]
    return with_preference(
        User.objects.filter(is_active=True, client__isnull=True)
        .filter(Q(groups__name=Role.QA_MANAGER) | Q(pk__in=ids))
        .distinct(),
        kind,
    )


def _complaint_owners(complaint: Complaint) -> list[int | None]:
    pm = complaint.engagement.project_manager_id if complaint.engagement else None
    return [complaint.handler_id, pm]


def complaint_notify(complaint: Complaint, *, change: str | Promise | None, key: str) -> None:
    """``change`` None: a new complaint; otherwise what happened (e.g. the client reopened)."""
    params: dict[str, Any] = {"reference": complaint.reference, "subject": complaint.subject}
    if change is None:
        kind = "complaint_received"
        params["client"] = complaint.client.name
    else:
        kind = "complaint_changed"
        params["change"] = both(change)
    recipients, modes = _desk(_complaint_owners(complaint), kind)
    notify(
        recipients=recipients,
        modes=modes,
        kind=kind,
        event_key=f"complaint:{complaint.pk}:{key}",
        params=params,
        link=reverse("clients:complaint", args=[complaint.pk]),
    )


def support_notify(request: SupportRequest, *, change: str | Promise | None, key: str) -> None:
    from clients.choices import SupportKind

    pm = request.engagement.project_manager_id if request.engagement else None
    params: dict[str, Any] = {"reference": request.reference, "subject": request.subject}
    if change is None:
        kind = "support_received"
        params["client"] = request.client.name
        params["kind"] = both(SupportKind(request.kind).label)
    else:
        kind = "support_changed"
        params["change"] = both(change)
    recipients, modes = _desk([request.handler_id, pm], kind)
    notify(
        recipients=recipients,
        modes=modes,
        kind=kind,
        event_key=f"support:{request.pk}:{key}",
        params=params,
        link=reverse("clients:support_request", args=[request.pk]),
    )
