"""Every kind of notification the product sends: its title (translated at display time, in
the recipient's language) and whether it is critical. Critical kinds are never silenced: they
are always e-mailed at once, whatever the user's preferences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    title: str | Promise
    critical: bool = False


KINDS: dict[str, Kind] = {
    k.code: k
    for k in [
        Kind("sla_warning", _("Deadline approaching"), _("Due soon: %(policy)s — %(target)s")),
        Kind(
            "sla_breach", _("Deadline missed"), _("Overdue: %(policy)s — %(target)s"), critical=True
        ),
        Kind(
            "sla_escalation",
            _("Escalation"),
            _("Escalated to level %(level)s: %(policy)s — %(target)s"),
            critical=True,
        ),
        Kind(
            "signature_request",
            _("Signature request"),
            _("Your signature is requested: %(target)s"),
            critical=True,
        ),
        Kind(
            "complaint_received",
            _("New complaint"),
            _("New complaint %(reference)s from %(client)s: %(subject)s"),
        ),
        Kind(
            "complaint_changed",
            _("Complaint update"),
            _("Complaint %(reference)s: %(change)s"),
        ),
        Kind(
            "support_received",
            _("New support request"),
            _("New %(kind)s %(reference)s from %(client)s: %(subject)s"),
        ),
        Kind(
            "support_changed",
            _("Support request update"),
            _("Support request %(reference)s: %(change)s"),
        ),
        Kind(
            "calendar_coverage",
            _("Business calendar"),
            _(
                "The business calendar has no public holidays for %(year)s yet: "
                "add them before the year starts."
            ),
        ),
    ]
}


def localised(value: Any, language: str) -> Any:
    """Params may hold per-language text ({"zh-hans": …, "en": …}) for names that are data."""
    if isinstance(value, dict) and ("en" in value or "zh-hans" in value):
        return value.get(language) or value.get("zh-hans") or value.get("en") or ""
    return value


def render_title(kind: str, params: dict[str, Any], language: str | None = None) -> str:
    language = language or translation.get_language() or "zh-hans"
    definition = KINDS.get(kind)
    if definition is None:
        return kind
    values = {key: localised(value, language) for key, value in params.items()}
    with translation.override(language):
        try:
            return str(definition.title) % values
        except (KeyError, TypeError, ValueError):
            return str(definition.label)
