from __future__ import annotations

import functools

from django.http import HttpRequest

from core.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    from core.notifications.selectors import unread_count

    # Lazy and cached: one indexed COUNT per page, only if the template shows it.
    return {
        "nav_items": items_for(user),
        "unread_notifications": functools.cache(lambda: unread_count(user=user)),
    }
