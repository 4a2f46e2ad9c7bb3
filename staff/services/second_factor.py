"""The second factor (SEC-8): an authenticator app (TOTP, django-otp) that staff enrol on their
account-security page, single-use recovery codes, and the firm's switch that requires it for
the roles that sign reviews. Wrong codes back off exponentially on the device (django-otp's
throttling) and, with a request, count toward the sign-in lockout like a wrong password."""

from __future__ import annotations

import io
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.exceptions import ApplicationError, ConflictError, ForbiddenError
from staff.models import User, staff_settings

logger = logging.getLogger("engageqc.second_factor")

DEVICE_NAME = "authenticator"
RECOVERY_NAME = "recovery"


class SecondFactorRequiredError(ForbiddenError):
    """The firm requires a second factor for this signer, who has not enrolled one yet."""

    code = "second_factor_required"


def is_enrolled(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or user.is_client_user:
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def signing_roles() -> frozenset[str]:
    """The roles that sign reviews: whatever the active review levels require (QC-1, QC-5)."""
    from quality.models import ReviewLevel

    return frozenset(
        ReviewLevel.objects.filter(is_active=True).values_list("required_role", flat=True)
    )


def enrolment_required(user: Any) -> bool:
    """The firm's switch is on, the user holds a signing role and has no second factor."""
    if not getattr(user, "is_authenticated", False) or user.is_client_user:
        return False
    if not staff_settings().require_second_factor_for_signing:
        return False
    return user.has_role(*signing_roles()) and not is_enrolled(user)


def pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG, drawn here: the secret never leaves the server."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode("utf-8")
    # Inline in the page: drop the XML declaration, keep the <svg> element.
    return svg[svg.index("<svg") :]


def secret_base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode("ascii")


@transaction.atomic
def second_factor_enrol_start(*, actor: User) -> TOTPDevice:
    """A fresh unconfirmed authenticator for the actor (an earlier unconfirmed one is
    replaced). Nothing changes for signing or sign-in until it is confirmed with a code."""
    if actor.is_client_user:
        raise ForbiddenError(_("Only staff can enrol a second factor."))
    if is_enrolled(actor):
        raise ConflictError(_("An authenticator is enrolled already: disable it first."))
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, confirmed=False)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.SECOND_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def second_factor_enrol_confirm(*, actor: User, code: str) -> list[str]:
    """Confirm the pending authenticator with a code it shows; returns the recovery codes,
    shown once."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).first()
        if device is None:
            raise ConflictError(_("Start the enrolment first."))
        verified = device.verify_token(_clean(code))
    if not verified:
        raise _wrong_code()
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(actor)
    logger.info("Second factor enrolled for user %s", actor.pk)
    return codes


def second_factor_disable(
    *, actor: User, password: str, code: str, request: HttpRequest | None = None
) -> None:
    """Remove the authenticator and the recovery codes: password and a current code first."""
    if not password or not actor.check_password(password):
        _count_failure(actor, request)
        raise ApplicationError(_("The password is not correct."), extra={"password": ""})
    if not is_enrolled(actor):
        raise ConflictError(_("No authenticator is enrolled."))
    verify_code(user=actor, code=code, request=request)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).delete()
        StaticDevice.objects.filter(user=actor).delete()
    logger.info("Second factor disabled for user %s", actor.pk)


def recovery_codes_regenerate(
    *, actor: User, code: str, request: HttpRequest | None = None
) -> list[str]:
    """New recovery codes (the old ones stop working) after a current authenticator code."""
    if not is_enrolled(actor):
        raise ConflictError(_("No authenticator is enrolled."))
    verify_code(user=actor, code=code, request=request, allow_recovery=False)
    with transaction.atomic():
        return _new_recovery_codes(actor)


def _clean(code: str) -> str:
    return "".join((code or "").split())


def _wrong_code() -> ApplicationError:
    return ApplicationError(
        _("The one-time code is missing or not correct. Wait for the next code and try again."),
        extra={"otp": _("Enter the current 6-digit code from your authenticator app.")},
    )


def _count_failure(user: User, request: HttpRequest | None) -> None:
    logger.warning("Second-factor check failed for user %s", user.pk)
    if request is not None:
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )


def verify_code(
    *,
    user: User,
    code: str,
    request: HttpRequest | None = None,
    allow_recovery: bool = True,
) -> TOTPDevice | StaticDevice:
    """A current authenticator code (each is accepted once), or a recovery code that is then
    used up. A wrong or missing code raises, backs off the device and counts toward lockout."""
    token = _clean(code)
    matched: TOTPDevice | StaticDevice | None = None
    if token:
        with transaction.atomic():
            device = (
                TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
            if device is not None and len(token) == 6 and device.verify_token(token):
                matched = device
        if matched is None and allow_recovery and len(token) != 6:
            with transaction.atomic():
                static = StaticDevice.objects.select_for_update().filter(user=user).first()
                if static is not None and static.verify_token(token.lower()):
                    matched = static
    if matched is None:
        _count_failure(user, request)
        raise _wrong_code()
    return matched


def confirm_second_factor(user: User, code: str, request: HttpRequest | None = None) -> None:
    """The sign-off's second factor (SEC-12): a current code when the signer is enrolled;
    when the firm requires one for signing roles, the signer holds one and has no
    authenticator, refuse."""
    if is_enrolled(user):
        verify_code(user=user, code=code, request=request)
        return
    if enrolment_required(user):
        raise SecondFactorRequiredError(
            _(
                "The firm requires a second factor to sign: enrol an authenticator app on "
                "your account-security page first."
            )
        )
