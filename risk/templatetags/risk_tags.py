"""Template tags other apps' pages use to link into the risk pages."""

from __future__ import annotations

from typing import Any

from django import template

from risk.permissions import has_risk_role

register = template.Library()


@register.inclusion_tag("risk/_engagement_link.html", takes_context=True)
def risk_register_link(context: dict[str, Any], engagement: Any) -> dict[str, Any]:
    """A link to the engagement's risk register, for users who hold a risk role."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"engagement": engagement, "show": bool(user and has_risk_role(user))}
