"""The second factor: a TOTP app (RFC 6238) and one-time recovery codes, on django-otp's devices.

Plain functions over the devices; the screens are in `twofactor_views.py`. A user has at most one
confirmed TOTP device ("authenticator") and one set of recovery codes ("recovery").
"""

from __future__ import annotations

import base64
import io
import secrets

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from payung.audit.models import Action, Source
from payung.audit.services import audit_record

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
RECOVERY_CODE_COUNT = 10
# Ten characters without look-alikes (0/O, 1/l/I): easy to copy from paper.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def has_second_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def totp_pending(user) -> TOTPDevice:
    """The unconfirmed device being enrolled: the same secret until it is confirmed or replaced."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def totp_secret_base32(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in by hand."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link of the device as an inline SVG QR code, made here (no outside service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]  # without the XML declaration: it sits inside the page


def _new_recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))


@transaction.atomic
def totp_confirm(*, user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirms the pending device with a code from the app; returns fresh recovery codes, or None
    when the code is wrong. Any older device of the user is replaced."""
    if (
        device.user_id != user.pk
        or device.confirmed
        or not device.verify_token(token.strip().replace(" ", ""))
    ):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_renew(user=user)
    audit_record(
        actor=user,
        object_type="user",
        object_id=user.pk,
        action=Action.UPDATE,
        source=Source.WEB,
        changes={"second_factor": [None, "totp"]},
        note="second factor enrolled",
    )
    return codes


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """A new set of recovery codes; the old ones stop working. Shown once, never stored readable
    elsewhere."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_verify(*, user, code: str):
    """The confirmed device that accepts `code` (a TOTP code or an unused recovery code), or None.

    A recovery code is used up by the check. django-otp's devices slow down repeated failures."""
    code = code.strip().replace(" ", "").replace("-", "").lower()
    if not code:
        return None
    kinds = (TOTPDevice, StaticDevice) if code.isdigit() else (StaticDevice,)
    for kind in kinds:
        for device in kind.objects.filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    return None


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def second_factor_remove(*, actor, user, source: str = Source.WEB) -> None:
    """Removes every device of `user` (a lost phone): the next login enrols again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        object_type="user",
        object_id=user.pk,
        action=Action.UPDATE,
        source=source,
        changes={"second_factor": ["totp", None]},
        note="second factor removed",
    )
