"""Logging in for tests and benchmarks: the second factor passed the way a user with an app would.

`login_verified(client, user)` logs `user` in on a Django test client and, when the user has or
needs a second factor, enrols a real TOTP device and marks the session verified by it, exactly
as the verification screen does (django_otp keeps the device id in the session). The requirement
itself stays on; tests about the second factor use a plain `force_login` instead.
"""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .twofactor import TOTP_NAME


def totp_device_for(user) -> TOTPDevice:
    """The user's confirmed authenticator, enrolled now if it has none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the user's app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def login_verified(client, user) -> None:
    client.force_login(user)
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if user.needs_second_factor or has_device:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
        session.save()
