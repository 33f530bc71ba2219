"""A regency admin manages a user of its regency in a real browser: create, see it listed, deactivate,
and find the change in the audit trail."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from payung.accounts.models import User
from payung.accounts.testing import login_verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page, live_server, user) -> None:
    """The browser gets the session of a user logged in by Django's test client (no login form)."""
    client = Client()
    login_verified(client, user)  # the second factor passed, as with an authenticator app
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_a_regency_admin_adds_an_operator_and_deactivates_it(page, live_server, alice):
    signed_in(page, live_server, alice)
    page.goto(f"{live_server.url}/akun/pengguna/")
    page.get_by_role("link", name="+ Tambah pengguna").click()
    page.get_by_label("Nama pengguna").fill("ani.gunungtalang")
    page.get_by_label("Nama depan").fill("Ani")
    page.get_by_label("Peran").select_option("operator")
    page.get_by_label("13.02.07 Gunung Talang").check()
    page.get_by_label("Kata sandi", exact=True).fill("Payung-uji-2026!")
    page.get_by_label("Ulangi kata sandi").fill("Payung-uji-2026!")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert")).to_contain_text("Pengguna ani.gunungtalang dibuat.")
    row = page.get_by_role("row", name="ani.gunungtalang")
    expect(row).to_contain_text("Gunung Talang")
    expect(row).to_contain_text("belum pernah")
    row.get_by_role("button", name="Nonaktifkan").click()
    expect(page.get_by_role("alert")).to_contain_text("dinonaktifkan")
    assert not User.objects.get(username="ani.gunungtalang").is_active

    page.get_by_role("link", name="Jejak audit").first.click()
    expect(page.locator("table")).to_contain_text("aktif: ya → tidak")
