"""Writes for notifications: emitting (idempotent per event and recipient), marking read,
preferences, and e-mail delivery (immediate and daily digest)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, NotFoundError
from core.models import Notification, NotificationPreference
from core.models.notifications import DeliveryMode
from core.notifications.kinds import KINDS
from core.tasking import publish_on_commit
from staff.models import User

logger = logging.getLogger("engageqc.notifications")

# A claimed e-mail not confirmed within this time is claimed again (the worker died).
CLAIM_TIMEOUT = timedelta(minutes=10)


@dataclass(frozen=True)
class Event:
    """Something that happened, addressed to some users."""

    kind: str
    event_key: str
    recipients: tuple[User, ...]
    params: dict[str, Any] = field(default_factory=dict)
    link: str = ""


Modes = dict[tuple[int, str], str]


def with_preference(users: QuerySet[User], kind: str) -> tuple[list[User], Modes]:
    """The users and their delivery preference for ``kind``, in one query: passed to
    ``notify(modes=...)``, it spares the preference query (P3)."""
    chosen = NotificationPreference.objects.filter(user_id=OuterRef("pk"), kind=kind)
    rows: list[User] = list(users.annotate(_mode=Subquery(chosen.values("mode")[:1])))
    return rows, {(u.pk, kind): mode for u in rows if (mode := getattr(u, "_mode", None))}


def notify_many(events: Iterable[Event], *, modes: Modes | None = None) -> int:
    """Create one notification per (event, recipient); repeats are ignored, so emitting the
    same event twice never notifies twice. One preference query (none when the caller
    loaded the ``modes`` with the recipients) and one insert for the lot; e-mail delivery is
    published once, after commit. Returns the rows attempted."""
    events = [e for e in events if e.recipients]
    if not events:
        return 0
    if modes is None:
        user_ids = {u.pk for e in events for u in e.recipients}
        kinds = {e.kind for e in events}
        modes = {
            (user_id, kind): mode
            for user_id, kind, mode in NotificationPreference.objects.filter(
                user_id__in=user_ids, kind__in=kinds
            ).values_list("user_id", "kind", "mode")
        }
    rows: list[dict[str, Any]] = []
    for event in events:
        definition = KINDS[event.kind]
        for user in {u.pk: u for u in event.recipients if u.is_active}.values():
            mode = (
                DeliveryMode.IMMEDIATE
                if definition.critical
                else modes.get((user.pk, event.kind), DeliveryMode.IMMEDIATE)
            )
            if not user.email or mode == DeliveryMode.OFF:
                status = Notification.Email.SKIPPED
            elif mode == DeliveryMode.DIGEST:
                status = Notification.Email.DIGEST
            else:
                status = Notification.Email.PENDING
            rows.append(
                {
                    "recipient_id": user.pk,
                    "kind": event.kind,
                    "event_key": event.event_key,
                    "params": event.params,
                    "link": event.link,
                    "critical": definition.critical,
                    "email_status": status,
                }
            )
    _insert_ignoring_repeats(rows)
    from core.tasks import notifications_deliver

    publish_on_commit(notifications_deliver)
    return len(rows)


def _insert_ignoring_repeats(rows: list[dict[str, Any]]) -> None:
    """Insert, skipping (event, recipient) pairs that exist. On PostgreSQL one statement
    over arrays, from plain values: bulk_create's giant VALUES list and 20k model instances
    were the SLA sweep's largest costs (P5)."""
    if connection.vendor != "postgresql":
        objects = [Notification(**row) for row in rows]
        Notification.objects.bulk_create(objects, ignore_conflicts=True, batch_size=1000)
        return
    now = timezone.now()
    table = Notification._meta.db_table
    columns: dict[str, tuple[str, list[Any]]] = {
        "recipient_id": ("bigint", [r["recipient_id"] for r in rows]),
        "kind": ("text", [r["kind"] for r in rows]),
        "event_key": ("text", [r["event_key"] for r in rows]),
        "params": ("text", [json.dumps(r["params"], ensure_ascii=False) for r in rows]),
        "link": ("text", [r["link"] for r in rows]),
        "critical": ("boolean", [r["critical"] for r in rows]),
        "email_status": ("text", [r["email_status"] for r in rows]),
    }
    names = ", ".join(columns)
    arrays = ", ".join(f"%s::{sql_type}[]" for sql_type, _values in columns.values())
    select = ", ".join("t.params::jsonb" if name == "params" else f"t.{name}" for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}, created_at) "  # noqa: S608 - names are ours
            f"SELECT {select}, %s FROM unnest({arrays}) AS t({names}) ON CONFLICT DO NOTHING",
            [now, *[values for _sql_type, values in columns.values()]],
        )


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    event_key: str,
    params: dict[str, Any] | None = None,
    link: str = "",
    modes: Modes | None = None,
) -> int:
    users = tuple(u for u in recipients if u is not None)
    return notify_many([Event(kind, event_key, users, params or {}, link)], modes=modes)


@transaction.atomic
def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification is None:
        raise NotFoundError(_("Notification not found."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preference_set(*, user: User, kind: str, mode: str) -> NotificationPreference:
    definition = KINDS.get(kind)
    if definition is None:
        raise ApplicationError(_("Unknown notification kind."))
    if mode not in DeliveryMode.values:
        raise ApplicationError(_("Unknown delivery mode."))
    if definition.critical and mode != DeliveryMode.IMMEDIATE:
        raise ApplicationError(
            _("Critical notifications are always e-mailed at once and cannot be silenced.")
        )
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"mode": mode}
    )
    return preference


def _absolute(link: str) -> str:
    if not link or link.startswith("http"):
        return link
    return settings.ENGAGEQC_BASE_URL.rstrip("/") + link


def _claim(queryset: Any, *, limit: int) -> list[Notification]:
    """Take rows for sending under SKIP LOCKED so that concurrent senders split the work."""
    with transaction.atomic():
        rows = list(
            queryset.select_for_update(skip_locked=True)
            .order_by("id")
            .values_list("id", flat=True)[:limit]
        )
        if rows:
            Notification.objects.filter(id__in=rows).update(
                email_status=Notification.Email.SENDING, emailed_at=timezone.now()
            )
    return list(Notification.objects.filter(id__in=rows).select_related("recipient").order_by("id"))


def _send(user: User, subject: str, template: str, context: dict[str, Any]) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        body = render_to_string(template, {"user": user, **context})
        EmailMessage(subject=subject, body=body, to=[user.email]).send()


def notifications_deliver_pending(*, batch_size: int = 200) -> int:
    """E-mail every notification waiting for immediate delivery; safe to run concurrently
    and repeatedly (each row is claimed before the mail goes out)."""
    sent = 0
    while True:
        rows = _claim(
            Notification.objects.filter(email_status=Notification.Email.PENDING), limit=batch_size
        )
        if not rows:
            return sent
        for row in rows:
            try:
                with translation.override(row.recipient.language or settings.LANGUAGE_CODE):
                    title = row.title
                    _send(
                        row.recipient,
                        f"[EngageQC] {title}",
                        "core/email/notification.txt",
                        {"title": title, "link": _absolute(row.link)},
                    )
            except Exception:
                logger.exception("E-mail for notification %s failed; it will be retried", row.pk)
                Notification.objects.filter(pk=row.pk).update(
                    email_status=Notification.Email.PENDING
                )
                continue
            Notification.objects.filter(pk=row.pk).update(
                email_status=Notification.Email.SENT, emailed_at=timezone.now()
            )
            sent += 1
        if len(rows) < batch_size:
            return sent


def notifications_send_digests() -> int:
    """One e-mail per user with everything collected for their daily digest."""
    user_ids = list(
        Notification.objects.filter(email_status=Notification.Email.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    sent = 0
    for user_id in user_ids:
        rows = _claim(
            Notification.objects.filter(
                recipient_id=user_id, email_status=Notification.Email.DIGEST
            ),
            limit=500,
        )
        if not rows:
            continue
        user = rows[0].recipient
        with translation.override(user.language or settings.LANGUAGE_CODE):
            items = [{"title": r.title, "link": _absolute(r.link)} for r in rows]
            subject = _("[EngageQC] Your daily digest: %(count)s notifications") % {
                "count": len(items)
            }
            try:
                _send(user, subject, "core/email/digest.txt", {"items": items})
            except Exception:
                logger.exception("Digest e-mail for user %s failed; it will be retried", user_id)
                Notification.objects.filter(id__in=[r.pk for r in rows]).update(
                    email_status=Notification.Email.DIGEST
                )
                continue
        Notification.objects.filter(id__in=[r.pk for r in rows]).update(
            email_status=Notification.Email.SENT, emailed_at=timezone.now()
        )
        sent += 1
    return sent


def notifications_release_stale_claims(*, now: datetime | None = None) -> int:
    """Claims older than CLAIM_TIMEOUT belong to a worker that died: send them again
    (individually, even if they were meant for a digest: late beats lost)."""
    now = now or timezone.now()
    stale = Notification.objects.filter(
        email_status=Notification.Email.SENDING, emailed_at__lt=now - CLAIM_TIMEOUT
    )
    return stale.update(email_status=Notification.Email.PENDING)
