"""Pages owned by core: the dashboard, health, and the language switch."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.dashboards import panels
from core.health import health_report
from core.types import AuthedHttpRequest
from staff.services import user_set_language


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    """The dashboard of the user's role: consultant, project manager, QA manager or admin;
    a user with several roles switches between theirs with ``?view=``."""
    user = request.user
    if user.is_client_user:
        return redirect("portal:home")
    kinds = panels.available(user)
    kind = request.GET.get("view", "")
    if kind not in kinds:
        kind = kinds[0]
    context = panels.dashboard(user, kind)
    context.update(
        {
            "kind": kind,
            "tabs": [(k, panels.DASHBOARDS[k]) for k in kinds],
            "dashboard_template": f"core/dashboards/{kind}.html",
        }
    )
    return render(request, "core/home.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["ok"] else 503)


def safe_next(request: HttpRequest, fallback: str = "/") -> str:
    """The ``next`` target if it stays on this site, otherwise ``fallback`` (SEC-19)."""
    target = request.POST.get("next") or request.GET.get("next") or request.headers.get("referer")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; for a signed-in user it is saved as their preference."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next(request))
    if not check_for_language(language) or language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
