"""What each role may do, as Django permissions on its group. Kept in code (reviewed like
code) and applied after every migrate, so new permissions reach the groups automatically.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

from staff.choices import Role

_VIEW_ALL = ["clients.view_client", "engagements.view_engagement"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CONSULTANT: ["engagements.view_engagement"],
    Role.DISCIPLINE_LEAD: ["engagements.view_engagement"],
    Role.PROJECT_MANAGER: [
        *_VIEW_ALL,
        "engagements.add_engagement",
        "engagements.change_engagement",
    ],
    Role.TECHNICAL_DIRECTOR: [*_VIEW_ALL, "engagements.sign_contract"],
    Role.QA_MANAGER: _VIEW_ALL,
    Role.LEGAL_REVIEWER: _VIEW_ALL,
    Role.ADMIN: [
        *_VIEW_ALL,
        "clients.add_client",
        "clients.change_client",
        "engagements.add_engagement",
        "engagements.change_engagement",
        "staff.view_user",
        "staff.add_user",
        "staff.change_user",
        "engagements.sign_contract",
    ],
    Role.CLIENT: [],
}


def sync_role_groups(**_: Any) -> None:
    """Create one group per role and give it exactly its listed permissions (idempotent)."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = ROLE_PERMISSIONS.get(role, [])
        perms = []
        for dotted in wanted:
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)
