"""Deny by default (SEC-1), login lockout (SEC-7), role navigation, language preference (X-4)."""

from __future__ import annotations

import pytest

from core.navigation import NAV_ITEMS
from staff.choices import Role
from tests.access import PUBLIC, concrete, is_framework_route, walk
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_requests_to_every_url_are_refused(client) -> None:  # SEC-1
    checked = 0
    for route in walk():
        if route.name in PUBLIC or is_framework_route(route):
            continue
        name, path = route.name, concrete(route.route)
        accept = (
            "application/json" if path.startswith("/api/") and path != "/api/docs/" else "text/html"
        )
        response = client.get(path, HTTP_ACCEPT=accept)
        checked += 1
        assert response.status_code in {301, 302, 401, 403, 404, 405}, (
            name,
            path,
            response.status_code,
        )
        if response.status_code in {301, 302}:
            assert (
                "/accounts/login/" in response["Location"]
                or "/admin/login/" in response["Location"]
            ), path
        if (
            path.startswith("/api/")
            and accept == "application/json"
            and response.status_code != 404
        ):
            assert response.status_code == 401, (path, response.status_code)
            assert response.json()["error"]["code"] == "not_authenticated"
    assert checked >= 15
    # The admin refuses anonymous visitors too.
    assert client.get("/admin/").status_code == 302


def test_repeated_failed_logins_lock_the_account(client, consultant, settings) -> None:  # SEC-7
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "consultant", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "consultant", "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_ignores_a_spoofed_forwarded_for_without_a_trusted_proxy(
    client, consultant, settings
) -> None:  # SEC-7
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": "consultant", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    locked = client.post(
        "/accounts/login/",
        {"username": "consultant", "password": TEST_PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert locked.status_code == 429


def test_a_correct_login_reaches_the_dashboard(client, consultant) -> None:
    response = client.post(
        "/accounts/login/", {"username": "consultant", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def _nav_keys(client, user) -> set[str]:
    import re

    client.force_login(user)
    html = client.get("/", follow=True).content.decode()
    return set(re.findall(r'data-nav="([\w-]+)"', html))


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        # Reports: every staff role requests the PDF reports it may read (core/reports).
        ("consultant", {"home", "engagements", "documents", "reports"}),
        (
            "project_manager",
            {"home", "engagements", "quality", "risk", "clients", "documents", "reports"},
        ),
        ("discipline_lead", {"home", "engagements", "quality", "documents", "reports"}),
        (
            "technical_director",
            {"home", "engagements", "quality", "risk", "clients", "documents", "reports"},
        ),
        (
            "qa_manager",
            {"home", "engagements", "quality", "risk", "clients", "documents", "staff", "reports"},
        ),
        ("legal_reviewer", {"home", "engagements", "clients", "documents", "reports"}),
        (
            "admin_user",
            {"home", "engagements", "quality", "risk", "clients", "documents", "staff", "reports"},
        ),
        ("client_user", {"portal", "documents_portal"}),
        ("outsider", set()),
    ],
)
def test_each_role_sees_its_own_navigation(client, request, fixture, expected) -> None:
    assert _nav_keys(client, request.getfixturevalue(fixture)) == expected


def test_every_navigation_entry_opens_for_its_roles_and_refuses_others(client, request) -> None:
    fixtures = {
        Role.CONSULTANT: "consultant",
        Role.PROJECT_MANAGER: "project_manager",
        Role.DISCIPLINE_LEAD: "discipline_lead",
        Role.TECHNICAL_DIRECTOR: "technical_director",
        Role.QA_MANAGER: "qa_manager",
        Role.LEGAL_REVIEWER: "legal_reviewer",
        Role.ADMIN: "admin_user",
        Role.CLIENT: "client_user",
    }
    from django.urls import reverse

    for role, fixture in fixtures.items():
        client.force_login(request.getfixturevalue(fixture))
        for item in NAV_ITEMS:
            status = client.get(reverse(item.url_name)).status_code
            if role in item.roles:
                assert status == 200, (role, item.key, status)
            elif item.key != "home":
                assert status == 403, (role, item.key, status)


def test_a_deactivated_user_is_refused_on_the_next_request(client, consultant) -> None:  # SEC-6
    client.force_login(consultant)
    assert client.get("/engagements/").status_code == 200
    consultant.is_active = False
    consultant.save(update_fields=["is_active"])
    assert client.get("/engagements/").status_code == 302


def test_the_interface_is_chinese_by_default_and_the_choice_is_remembered(
    client, consultant
) -> None:
    client.force_login(consultant)
    assert "项目" in client.get("/engagements/").content.decode()
    response = client.post("/language/", {"language": "en", "next": "/engagements/"})
    assert response.status_code == 302
    assert response["Location"] == "/engagements/"
    consultant.refresh_from_db()
    assert consultant.language == "en"
    client.cookies.clear()
    client.force_login(consultant)
    html = client.get("/engagements/").content.decode()
    assert "Engagements" in html
    assert 'lang="en"' in html


def test_the_language_switch_never_redirects_off_site(client) -> None:  # SEC-19
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_login_next_parameter_cannot_leave_the_site(client, consultant) -> None:  # SEC-19
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"username": "consultant", "password": TEST_PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_changing_the_password_ends_the_users_other_sessions(consultant) -> None:  # SEC-9
    from django.test import Client

    this_browser, other_browser = Client(), Client()
    for browser in (this_browser, other_browser):
        browser.post("/accounts/login/", {"username": "consultant", "password": TEST_PASSWORD})
        assert browser.get("/engagements/").status_code == 200
    response = this_browser.post(
        "/accounts/password/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "An0ther-long-pass",
            "new_password2": "An0ther-long-pass",
        },
    )
    assert response.status_code == 302
    assert this_browser.get("/engagements/").status_code == 200
    assert other_browser.get("/engagements/").status_code == 302


def test_logout_ends_the_session_on_the_server(client, consultant) -> None:  # SEC-9
    from django.contrib.sessions.models import Session

    client.post("/accounts/login/", {"username": "consultant", "password": TEST_PASSWORD})
    key = client.session.session_key
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()


def test_pages_send_the_security_headers(client, consultant) -> None:  # SEC-10
    client.force_login(consultant)
    response = client.get("/engagements/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "nonce-" in csp
