"""``{% export_buttons "engagements" %}``: the list's CSV/Excel export links, carrying the
page's current filters (not its paging)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from core.exports.services import export_params

register = template.Library()


@register.inclusion_tag("core/exports/_buttons.html", takes_context=True)
def export_buttons(context: dict[str, Any], key: str, **extra: Any) -> dict[str, Any]:
    request = context["request"]
    params = export_params(request.GET)
    for name, value in extra.items():
        params[name] = str(value)
    query = params.urlencode()
    suffix = f"?{query}" if query else ""
    return {
        "csv_url": reverse("exports:download", args=[key, "csv"]) + suffix,
        "xlsx_url": reverse("exports:download", args=[key, "xlsx"]) + suffix,
        "key": key,
    }
