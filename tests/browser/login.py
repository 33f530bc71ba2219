"""Logging in through the real screens, the second factor included: a user who must enrol reads the
key off the enrolment page as a person would type it into an authenticator app."""

from __future__ import annotations

import base64
import re

from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

PASSWORD = "rahasia-uji-123"


def code_for_secret(secret: str) -> str:
    """What an authenticator app shows now for a base32 key (RFC 6238, 30 s, 6 digits)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def log_in(page: Page, live_server, username: str, *, start: str = "/", password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}{start}")
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
    if "/akun/2fa/daftar/" in page.url:
        secret = page.get_by_test_id("totp-secret").inner_text()
        page.get_by_label("Kode dari aplikasi").fill(code_for_secret(secret))
        page.get_by_role("button", name="Aktifkan").click()
        expect(page.get_by_test_id("recovery-codes")).to_be_visible()
        page.get_by_role("link", name="Saya sudah menyimpannya, lanjutkan").click()
    elif "/akun/verifikasi/" in page.url:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from payung.accounts.models import User
        from payung.accounts.testing import totp_code

        device = TOTPDevice.objects.get(user=User.objects.get(username=username), confirmed=True)
        page.get_by_label("Kode verifikasi").fill(totp_code(device))
        page.get_by_role("button", name="Verifikasi").click()
    expect(page).not_to_have_url(re.compile(r"/akun/(masuk|verifikasi|2fa)/"))
