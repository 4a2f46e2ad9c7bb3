"""Test helpers for the second factor (SEC-8): enrol a user directly and compute the codes
their authenticator app would show."""

from __future__ import annotations

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


def enrol(user, *, recovery: tuple[str, ...] = ()) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    if recovery:
        static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
        for token in recovery:
            StaticToken.objects.create(device=static, token=token)
    return device


def code(device: TOTPDevice) -> str:
    """The next code the device accepts. Each time step is accepted once (replay protection)
    and one step either side of now is tolerated. The current step comes first, then the next
    one: a code for the step before now would expire if the clock crossed a step boundary
    before the request is checked (a loaded machine takes seconds). When both are used, wait
    for the next step rather than hand out a code that is about to expire."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while True:
        totp.time = time.time()
        now_t = totp.t()
        step = max(now_t, device.last_t + 1)
        if step <= now_t + device.tolerance:
            break
        time.sleep(device.step - (totp.time - device.t0) % device.step + 0.05)
    totp.time = time.time() + (step - now_t) * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong(device: TOTPDevice) -> str:
    right = code(device)
    return f"{(int(right) + 1) % 10**device.digits:0{device.digits}d}"
