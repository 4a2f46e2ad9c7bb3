from __future__ import annotations

from django.http import HttpRequest

from core.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    from core.notifications.selectors import unread_count

    # Lazy: the count runs only if the template shows it (one indexed COUNT).
    return {"nav_items": items_for(user), "unread_notifications": lambda: unread_count(user=user)}
