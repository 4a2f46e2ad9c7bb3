"""Inbox pages: list, mark read (htmx), mark all read, delivery preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.models.notifications import DeliveryMode
from core.notifications import selectors
from core.notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_preference_set,
)
from core.types import AuthedHttpRequest

PAGE_SIZE = 30


@login_required
def inbox_view(request: AuthedHttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    before = request.GET.get("before")
    before_id = int(before) if before and before.isdecimal() else None
    rows = list(
        selectors.inbox(user=request.user, unread_only=unread_only, before_id=before_id)[
            : PAGE_SIZE + 1
        ]
    )
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return render(
        request,
        "core/notifications/inbox.html",
        {
            "rows": rows,
            "has_more": has_more,
            "next_before": rows[-1].pk if rows else None,
            "unread_only": unread_only,
        },
    )


@login_required
@require_POST
def mark_read_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    notification = notification_mark_read(user=request.user, notification_id=pk)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "core/notifications/_row.html", {"n": notification})
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read_view(request: AuthedHttpRequest) -> HttpResponse:
    count = notification_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def preferences_view(request: AuthedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            for row in selectors.preferences(user=request.user):
                mode = request.POST.get(f"mode_{row['kind']}")
                if mode and not row["critical"] and mode != row["mode"]:
                    notification_preference_set(user=request.user, kind=row["kind"], mode=mode)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your notification preferences were saved."))
            return redirect("notifications:preferences")
    return render(
        request,
        "core/notifications/preferences.html",
        {"rows": selectors.preferences(user=request.user), "modes": DeliveryMode.choices},
    )
