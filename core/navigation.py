"""The main navigation. Each entry names the roles that see it; the same role sets guard the
pages themselves, so the menu never offers a page that would answer 403."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from staff.choices import Role

ALL_STAFF = tuple(r.value for r in Role if r != Role.CLIENT)
OVERSIGHT = (Role.ADMIN, Role.QA_MANAGER, Role.TECHNICAL_DIRECTOR)


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    icon: str
    roles: tuple[str, ...]


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("home", _("Dashboard"), "home", "speedometer2", ALL_STAFF),
    NavItem("engagements", _("Engagements"), "engagements:list", "kanban", ALL_STAFF),
    NavItem(
        "quality",
        _("Quality"),
        "quality:index",
        "patch-check",
        (*OVERSIGHT, Role.DISCIPLINE_LEAD, Role.PROJECT_MANAGER),
    ),
    NavItem(
        "risk", _("Risk"), "risk:index", "shield-exclamation", (*OVERSIGHT, Role.PROJECT_MANAGER)
    ),
    NavItem(
        "clients",
        _("Clients"),
        "clients:list",
        "building",
        (*OVERSIGHT, Role.PROJECT_MANAGER, Role.LEGAL_REVIEWER),
    ),
    NavItem("documents", _("Documents"), "documents:index", "folder2-open", ALL_STAFF),
    NavItem("reports", _("Reports"), "reports:index", "file-earmark-pdf", ALL_STAFF),
    NavItem("staff", _("Staff"), "staff:index", "people", (Role.ADMIN, Role.QA_MANAGER)),
    NavItem("portal", _("My engagements"), "portal:home", "briefcase", (Role.CLIENT,)),
    NavItem(
        "documents_portal",
        _("Documents"),
        "documents:documents_portal",
        "folder2-open",
        (Role.CLIENT,),
    ),
)

# Role sets for the page guards, by navigation key.
ROLES_FOR = {item.key: item.roles for item in NAV_ITEMS}


def items_for(user: object) -> list[dict[str, object]]:
    has_role = getattr(user, "has_role", None)
    if has_role is None:
        return []
    return [
        {"key": i.key, "label": i.label, "url": reverse(i.url_name), "icon": i.icon}
        for i in NAV_ITEMS
        if has_role(*i.roles)
    ]
