"""Two-step sign-in and the account-security page (SEC-8).

Sign-in: the password step of an enrolled user does not log them in; it leaves a pending
mark in the (rotated) session, and only a valid code logs the user in. Until then the
session is anonymous, so every page and the API (session auth) refuse it."""

from __future__ import annotations

import time
from typing import Any, cast

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from core.exceptions import ApplicationError
from core.forms import BootstrapMixin
from core.navigation import ALL_STAFF
from core.permissions import role_required
from core.types import AuthedHttpRequest
from staff.models import User
from staff.services import second_factor as svc

PENDING_KEY = "second_factor_pending"


class CodeForm(BootstrapMixin, forms.Form):
    otp = forms.CharField(
        label=gettext_lazy("One-time code"),
        max_length=16,
        help_text=gettext_lazy(
            "The 6-digit code your authenticator app shows, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class AuthenticatorCodeForm(BootstrapMixin, forms.Form):
    otp = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class DisableForm(AuthenticatorCodeForm):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "otp"]


class TwoStepLoginView(auth_views.LoginView):
    """The password step. Enrolled users continue to the code step; users the firm requires
    to enrol (signing roles, switch on) are signed in and sent to enrol."""

    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = cast(User, form.get_user())
        if svc.is_enrolled(user):
            self.request.session.cycle_key()
            self.request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": getattr(user, "backend", ""),
                "at": time.time(),
                "next": self.get_success_url(),
            }
            return redirect("login_code")
        response = super().form_valid(form)
        if svc.enrolment_required(user):
            messages.warning(
                self.request,
                _(
                    "The firm requires a second factor for your role: set up an authenticator "
                    "app before you sign reviews."
                ),
            )
            return redirect("account_security")
        return response


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("at", 0)) > settings.SECOND_FACTOR_LOGIN_SECONDS:
        del request.session[PENDING_KEY]
        return None
    user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    if user is None:
        return None
    return user, pending


def login_code(request: HttpRequest) -> HttpResponse:
    """The code step of the sign-in."""
    found = _pending_user(request)
    if found is None:
        messages.error(request, _("Your sign-in timed out. Sign in again."))
        return redirect("login")
    user, pending = found
    if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        request.session.pop(PENDING_KEY, None)
        return render(request, "registration/locked_out.html", status=429)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = svc.verify_code(user=user, code=form.cleaned_data["otp"], request=request)
        except ApplicationError as exc:
            form.add_error("otp", exc.message)
            if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
                request.session.pop(PENDING_KEY, None)
                return render(request, "registration/locked_out.html", status=429)
        else:
            request.session.pop(PENDING_KEY, None)
            auth_login(request, user, backend=pending["backend"] or None)
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(n)d remain.") % {"n": left},
                )
            return HttpResponseRedirect(pending.get("next") or reverse(settings.LOGIN_REDIRECT_URL))
    return render(request, "registration/login_code.html", {"form": form})


# --- the account-security page ---------------------------------------------------------------


def _security_page(
    request: AuthedHttpRequest, *, codes: list[str] | None = None, **forms_: Any
) -> HttpResponse:
    user = request.user
    enrolled = svc.is_enrolled(user)
    pending = None if enrolled else svc.pending_device(user)
    context: dict[str, Any] = {
        "enrolled": enrolled,
        "pending": pending,
        "required": svc.enrolment_required(user),
        "recovery_codes": codes,
        "recovery_left": StaticToken.objects.filter(device__user=user).count() if enrolled else 0,
        "confirm_form": forms_.get("confirm_form") or AuthenticatorCodeForm(),
        "disable_form": forms_.get("disable_form") or DisableForm(),
        "codes_form": forms_.get("codes_form") or AuthenticatorCodeForm(),
    }
    if pending is not None:
        context["qr_svg"] = svc.qr_svg(pending)
        context["secret"] = svc.secret_base32(pending)
    status = 400 if any(f is not None and f.errors for f in forms_.values()) else 200
    return render(request, "staff/security.html", context, status=status)


@role_required(*ALL_STAFF)
def security(request: AuthedHttpRequest) -> HttpResponse:
    return _security_page(request)


@require_POST
@role_required(*ALL_STAFF)
def security_enrol(request: AuthedHttpRequest) -> HttpResponse:
    try:
        svc.second_factor_enrol_start(actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("account_security")


@require_POST
@role_required(*ALL_STAFF)
def security_confirm(request: AuthedHttpRequest) -> HttpResponse:
    form = AuthenticatorCodeForm(request.POST)
    if form.is_valid():
        try:
            codes = svc.second_factor_enrol_confirm(
                actor=request.user, code=form.cleaned_data["otp"]
            )
        except ApplicationError as exc:
            form.add_error("otp", exc.message)
        else:
            messages.success(request, _("Your authenticator app is set up."))
            return _security_page(request, codes=codes)
    return _security_page(request, confirm_form=form)


@require_POST
@role_required(*ALL_STAFF)
def security_disable(request: AuthedHttpRequest) -> HttpResponse:
    form = DisableForm(request.POST)
    if form.is_valid():
        try:
            svc.second_factor_disable(
                actor=request.user,
                password=form.cleaned_data["password"],
                code=form.cleaned_data["otp"],
                request=request,
            )
        except ApplicationError as exc:
            form.add_error("password" if "password" in exc.extra else "otp", exc.message)
        else:
            messages.success(request, _("The second factor is turned off."))
            return redirect("account_security")
    return _security_page(request, disable_form=form)


@require_POST
@role_required(*ALL_STAFF)
def security_recovery_codes(request: AuthedHttpRequest) -> HttpResponse:
    form = AuthenticatorCodeForm(request.POST)
    if form.is_valid():
        try:
            codes = svc.recovery_codes_regenerate(
                actor=request.user, code=form.cleaned_data["otp"], request=request
            )
        except ApplicationError as exc:
            form.add_error("otp", exc.message)
        else:
            messages.success(request, _("New recovery codes: the old ones no longer work."))
            return _security_page(request, codes=codes)
    return _security_page(request, codes_form=form)
