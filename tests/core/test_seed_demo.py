"""`seed_demo` is idempotent: a second run leaves exactly the same data (Foundation)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from clients.models import Client
from engagements.models import Engagement
from staff.choices import Role
from staff.models import User

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, object]:
    return {
        "clients": sorted(Client.objects.values_list("code", "name")),
        "users": sorted(
            User.objects.values_list(
                "username", "client__code", "is_staff", "password", "groups__name"
            )
        ),
        "engagements": sorted(
            Engagement.objects.values_list(
                "code", "client__code", "stage", "project_manager__username"
            )
        ),
        "members": sorted(
            Engagement.members.through.objects.values_list("engagement__code", "user__username")
        ),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
    }


def test_seed_demo_twice_leaves_the_same_data(capsys) -> None:
    call_command("seed_demo")
    first = _snapshot()
    out = capsys.readouterr().out
    call_command("seed_demo")
    assert _snapshot() == first
    # One login per role, printed for the person running the demo.
    for username in [
        "consultant",
        "pm",
        "lead",
        "director",
        "qa",
        "legal",
        "admin",
        "client_a",
        "client_b",
    ]:
        assert username in out
    roles = {u.username: u.roles for u in User.objects.prefetch_related("groups")}
    assert roles["qa"] == {Role.QA_MANAGER}
    assert roles["client_a"] == {Role.CLIENT}
    stages = set(Engagement.objects.values_list("stage", flat=True))
    assert len(stages) >= 4
    assert (
        User.objects.get(username="client_a").client != User.objects.get(username="client_b").client
    )
