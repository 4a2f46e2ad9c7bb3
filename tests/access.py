"""Shared helpers of the access tests (SEC-1, SEC-2): walk the URL conf, turn a route into a
request path, and tell HTML pages from API endpoints."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Public on purpose, each with its reason.
PUBLIC = {
    "login": "the sign-in page",
    "healthz": "probed by load balancers and monitoring without credentials",
    "switch_language": "anonymous visitors may choose the login page's language",
    "admin:login": "the admin's own sign-in page",
    "logout": "ends a session; harmless without one",
    "login_code": "the sign-in's second step (SEC-8): only a pending sign-in reaches its form",
}


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    pattern: URLPattern

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/") and self.name != "api:docs"

    @property
    def params(self) -> list[str]:
        return sorted(self.pattern.pattern.regex.groupindex)


def walk(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> list[Route]:
    """Every named URL pattern with its full route, namespaces joined by ``:``."""
    resolver = resolver or get_resolver()
    found: list[Route] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            found += walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            found.append(
                Route(f"{namespace}{entry.name or ''}", prefix + str(entry.pattern), entry)
            )
    return found


def is_framework_route(route: Route) -> bool:
    """Django's admin and DRF's format-suffix twins are covered by their own tests."""
    return (
        route.name.startswith("admin:")
        or "(?P<url>" in route.route
        or "(?P<app_label>" in route.route
        or "(?P<format>" in route.route
    )


def concrete(route: str, values: dict[str, object] | None = None) -> str:
    """Turn a route or regex into a request path, filling each parameter from ``values``
    (plausible ``1`` where none is given)."""
    values = values or {}

    def fill(match: re.Match[str]) -> str:
        return str(values.get(match.group("name"), 1))

    path = re.sub(r"\(\?P<format>[^)]*\)", ".json", route)
    path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", fill, path)
    path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, path)
    path = path.replace("^", "").replace("$", "").replace("\\", "").replace("?", "")
    return "/" + path.lstrip("/")
