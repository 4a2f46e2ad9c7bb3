"""Notification kinds of the risk app, added to the shared table at start-up so that titles
are rendered in the recipient's language from this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.notifications.kinds import KINDS, Kind

RISK_KINDS = [
    Kind(
        "risk_warning",
        _("Early warning"),
        _("Early warning: %(indicator)s at %(value)s (threshold %(threshold)s) — %(target)s"),
        critical=True,
    ),
    Kind(
        "risk_warning_cleared",
        _("Early warning cleared"),
        _("Early warning cleared: %(indicator)s — %(target)s"),
    ),
    Kind(
        "risk_incident",
        _("Incident reported"),
        _("Incident (%(severity)s): %(target)s"),
        critical=True,
    ),
]

for _kind in RISK_KINDS:
    KINDS.setdefault(_kind.code, _kind)
