"""Notifications: inbox with unread count, e-mail in the recipient's language, preferences
where breaches and signature requests are never silenced, and the daily digest."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.exceptions import ApplicationError
from core.models import Notification
from core.notifications.services import (
    notification_preference_set,
    notifications_deliver_pending,
    notifications_send_digests,
    notify,
)

pytestmark = pytest.mark.django_db

POLICY = {"zh-hans": "投诉首次响应", "en": "Complaint first response"}


def _breach(user, key: str = "sla:1:breach") -> None:
    notify(
        recipients=[user],
        kind="sla_breach",
        event_key=key,
        params={"policy": POLICY, "target": "ENG-1"},
        link="/x/",
    )


def test_email_goes_out_once_in_the_recipients_language(consultant, project_manager) -> None:
    project_manager.language = "en"
    project_manager.save()
    _breach(consultant)
    _breach(project_manager)
    assert notifications_deliver_pending() == 2
    assert notifications_deliver_pending() == 0
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "[EngageQC] Overdue: Complaint first response — ENG-1",
        "[EngageQC] 已超期：投诉首次响应 — ENG-1",
    ]
    assert "http://127.0.0.1:8000/x/" in mail.outbox[0].body
    assert Notification.objects.filter(email_status=Notification.Email.SENT).count() == 2


def test_critical_kinds_cannot_be_silenced(consultant) -> None:
    with pytest.raises(ApplicationError):
        notification_preference_set(user=consultant, kind="sla_breach", mode="off")
    with pytest.raises(ApplicationError):
        notification_preference_set(user=consultant, kind="signature_request", mode="digest")


def test_off_keeps_it_in_the_inbox_only_and_digest_collects_for_one_daily_mail(consultant) -> None:
    notification_preference_set(user=consultant, kind="sla_warning", mode="off")
    notify(
        recipients=[consultant],
        kind="sla_warning",
        event_key="w1",
        params={"policy": POLICY, "target": "A"},
    )
    assert notifications_deliver_pending() == 0
    notification_preference_set(user=consultant, kind="sla_warning", mode="digest")
    for key in ("w2", "w3"):
        notify(
            recipients=[consultant],
            kind="sla_warning",
            event_key=key,
            params={"policy": POLICY, "target": key},
        )
    _breach(consultant)  # critical: e-mailed at once regardless
    assert notifications_deliver_pending() == 1
    assert notifications_send_digests() == 1
    assert notifications_send_digests() == 0
    digest = mail.outbox[-1]
    assert "2" in digest.subject and "w2" in digest.body and "w3" in digest.body
    assert Notification.objects.filter(recipient=consultant).count() == 4


def test_the_header_shows_the_unread_count_and_marking_read_clears_it(client, consultant) -> None:
    _breach(consultant, "a")
    _breach(consultant, "b")
    client.force_login(consultant)
    html = client.get("/engagements/").content.decode()
    assert 'data-testid="unread-count">2<' in html
    first = Notification.objects.filter(recipient=consultant).earliest("id")
    response = client.post(f"/notifications/{first.pk}/read/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "mark-read" not in response.content.decode()
    assert 'data-testid="unread-count">1<' in client.get("/notifications/").content.decode()
    client.post("/notifications/read-all/")
    assert 'data-testid="unread-count"' not in client.get("/notifications/").content.decode()


def test_nobody_can_read_or_mark_anothers_notifications(
    client, consultant, project_manager
) -> None:  # SEC-2
    _breach(consultant)
    theirs = Notification.objects.get()
    client.force_login(project_manager)
    assert "ENG-1" not in client.get("/notifications/").content.decode()
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    api = APIClient()
    api.force_authenticate(project_manager)
    assert api.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_api_twins(consultant) -> None:
    api = APIClient()
    api.force_authenticate(consultant)
    _breach(consultant)
    assert api.get("/api/notifications/unread-count/").json() == {"unread": 1}
    rows = api.get("/api/notifications/").json()["results"]
    assert rows[0]["title"] == "已超期：投诉首次响应 — ENG-1" and rows[0]["critical"] is True
    assert api.post(f"/api/notifications/{rows[0]['id']}/read/").status_code == 200
    assert api.get("/api/notifications/?unread=1").json()["count"] == 0
    response = api.put(
        "/api/notifications/preferences/", {"kind": "sla_breach", "mode": "off"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    response = api.put(
        "/api/notifications/preferences/", {"kind": "sla_warning", "mode": "digest"}, format="json"
    )
    modes = {row["kind"]: row["mode"] for row in response.json()}
    assert modes["sla_warning"] == "digest" and modes["sla_breach"] == "immediate"


def test_the_preferences_page_saves_choices(client, consultant) -> None:
    client.force_login(consultant)
    assert client.get("/notifications/preferences/").status_code == 200
    response = client.post(
        "/notifications/preferences/", {"mode_sla_warning": "digest", "mode_sla_breach": "off"}
    )
    assert response.status_code == 302
    modes = dict(consultant.notification_preferences.values_list("kind", "mode"))
    assert modes == {"sla_warning": "digest"}


def test_the_inbox_uses_the_same_number_of_queries_whatever_its_size(client, consultant) -> None:
    client.force_login(consultant)
    for n in range(3):
        _breach(consultant, f"few{n}")
    with CaptureQueriesContext(connection) as few:
        client.get("/notifications/")
    for n in range(40):
        _breach(consultant, f"many{n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/notifications/")
    assert len(few.captured_queries) == len(many.captured_queries)
