"""Receivers of other apps' signals (connected in ClientsConfig.ready)."""

from __future__ import annotations

from typing import Any

from core.tasking import publish_on_commit


def send_surveys_on_acceptance(sender: Any, request: Any, **kwargs: Any) -> None:
    """ENG-11 → CRM-4: the acceptance passed, so the client's people get their survey."""
    from clients.tasks import surveys_for_acceptance

    publish_on_commit(surveys_for_acceptance, request.engagement_id)
