"""Screens of the second factor: the check at login, enrolment with a QR code, recovery codes."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .twofactor import (
    RECOVERY_NAME,
    has_second_factor,
    recovery_codes_left,
    recovery_codes_renew,
    second_factor_remove,
    second_factor_verify,
    totp_confirm,
    totp_pending,
    totp_qr_svg,
    totp_secret_base32,
)


def _next_url(request, default: str = "home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


@login_required
def verify(request):
    """The second step of a login: a code from the app, or one recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not has_second_factor(request.user):
        return redirect("accounts:twofactor_enrol")
    error = ""
    if request.method == "POST":
        device = second_factor_verify(user=request.user, code=request.POST.get("code", ""))
        if device is not None:
            django_otp.login(request, device)
            if device.name == RECOVERY_NAME:
                messages.warning(
                    request,
                    _(
                        "Anda masuk dengan kode pemulihan; sisa %(left)s kode. Buat kode baru di halaman Keamanan akun."
                    )
                    % {"left": recovery_codes_left(request.user)},
                )
            return redirect(_next_url(request))
        error = _(
            "Kode salah atau sudah dipakai. Masukkan 6 angka dari aplikasi autentikator, atau satu kode pemulihan."
        )
    return render(request, "accounts/verify.html", {"error": error, "next": _next_url(request)})


@login_required
def enrol(request):
    """Enrolment of an authenticator app. A user who already has a second factor must use it first:
    a stolen password alone can never replace the victim's device."""
    if has_second_factor(request.user) and not request.user.is_verified():
        return redirect("accounts:verify")
    device = totp_pending(request.user)
    error = ""
    if request.method == "POST":
        codes = totp_confirm(user=request.user, device=device, token=request.POST.get("code", ""))
        if codes is not None:
            django_otp.login(request, device)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
            )
        error = _("Kode tidak cocok. Periksa jam ponsel Anda lalu masukkan 6 angka yang sedang tampil.")
    return render(
        request,
        "accounts/twofactor_enrol.html",
        {
            # The SVG is made by the qrcode package from our own otpauth link: no user text in it.
            "qr_svg": mark_safe(totp_qr_svg(device)),  # noqa: S308
            "secret": totp_secret_base32(device),
            "error": error,
            "required": request.user.needs_second_factor,
            "next": _next_url(request),
        },
    )


@login_required
def security(request):
    """The user's own security page: second factor, recovery codes, password."""
    return render(
        request,
        "accounts/security.html",
        {"enrolled": has_second_factor(request.user), "codes_left": recovery_codes_left(request.user)},
    )


@login_required
@require_POST
def recovery_renew(request):
    if not has_second_factor(request.user):
        return redirect("accounts:twofactor_enrol")
    codes = recovery_codes_renew(user=request.user)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": _next_url(request, "accounts:security")},
    )


@login_required
@require_POST
def twofactor_remove(request):
    if request.user.needs_second_factor:
        messages.error(
            request,
            _(
                "Peran Anda wajib memakai verifikasi dua langkah; Anda dapat menggantinya, tidak menghapusnya."
            ),
        )
    else:
        second_factor_remove(actor=request.user, user=request.user)
        messages.success(request, _("Verifikasi dua langkah dimatikan."))
    return redirect("accounts:security")
