"""Logins resist guessing: lockout per account and per address, unlock by an admin, password rules,
other sessions ended by a password change, idle sessions ended."""

from __future__ import annotations

import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from payung.accounts.middleware import LAST_SEEN_SESSION_KEY
from payung.audit.models import AuditEvent

PASSWORD = "rahasia-uji-123"
LIMIT = 5  # AXES_FAILURE_LIMIT's default (PAYUNG_LOGIN_FAILURE_LIMIT)


def attempt(username: str, password: str, address: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=address).post("/akun/masuk/", {"username": username, "password": password})


def fail(username: str, times: int, address: str = "10.0.0.1") -> None:
    for _ in range(times):
        response = attempt(username, "tebakan-salah", address)
        assert response.status_code in (200, 429)


@pytest.mark.django_db
def test_a_right_password_still_works_below_the_limit(bob):
    fail("bob", LIMIT - 1)
    assert attempt("bob", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_account_is_locked_after_repeated_failures_from_many_addresses(bob):
    for i in range(LIMIT):
        fail("bob", 1, address=f"10.0.1.{i}")
    response = attempt("bob", PASSWORD, address="10.0.9.9")  # the right password, a fresh address
    assert response.status_code == 429
    text = response.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in text
    assert "admin kabupaten/kota" in text
    assert "_auth_user_id" not in Client().session.keys()


@pytest.mark.django_db
def test_an_address_is_locked_after_failures_over_many_accounts(bob, vera):
    for name in ("nobody1", "nobody2", "nobody3", "nobody4", "nobody5"):
        fail(name, 1, address="10.0.2.1")
    assert attempt("vera", PASSWORD, address="10.0.2.1").status_code == 429
    assert attempt("vera", PASSWORD, address="10.0.2.2").status_code == 302


@pytest.mark.django_db
def test_a_regency_admin_unlocks_a_user_of_its_regency_and_it_is_audited(client, alice, bob, charlie):
    fail("bob", LIMIT)
    fail("charlie", LIMIT, address="10.0.3.1")
    assert attempt("bob", PASSWORD).status_code == 429

    client.force_login(alice)
    page = client.get("/akun/terkunci/").content.decode()
    assert "bob" in page
    assert "charlie" not in page  # Enrekang's operator is not Solok's to unlock
    refused = client.post("/akun/terkunci/buka/", {"username": "charlie"}, follow=True)
    assert "bukan wewenang Anda" in refused.content.decode()
    assert attempt("charlie", PASSWORD, address="10.0.3.1").status_code == 429

    response = client.post("/akun/terkunci/buka/", {"username": "bob"}, follow=True)
    assert "Akun bob dapat masuk lagi" in response.content.decode()
    assert attempt("bob", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(
        actor=alice, object_type="user", object_id="bob", note="login unlocked"
    ).exists()


@pytest.mark.django_db
def test_an_operator_or_viewer_cannot_open_the_unlock_page(client, bob, vera):
    for user in (bob, vera):
        client.force_login(user)
        assert client.get("/akun/terkunci/").status_code == 403
        assert client.post("/akun/terkunci/buka/", {"username": "bob"}).status_code == 403


@pytest.mark.django_db
def test_the_console_unlocks_too(bob):
    fail("bob", LIMIT)
    call_command("axes_reset_username", "bob")
    assert not AccessAttempt.objects.filter(username="bob").exists()
    assert attempt("bob", PASSWORD).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("pendek1!", "terlalu pendek"),
        ("password123", "terlalu umum"),
        ("8374619205", "seluruhnya terdiri dari angka"),
        ("tanjung2026", "mirip"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(bob, password, reason):
    bob.first_name = "Bob"
    bob.last_name = "Tanjung"
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=bob)
    assert reason in " ".join(refused.value.messages).lower()


@pytest.mark.django_db
def test_a_password_change_ends_the_users_other_sessions(client, bob):
    other_device = Client()
    other_device.force_login(bob)
    assert other_device.get("/pekerja/").status_code == 200

    client.force_login(bob)
    response = client.post(
        "/akun/kata-sandi/",
        {
            "old_password": PASSWORD,
            "new_password1": "Payung-Baru-Aman-77",
            "new_password2": "Payung-Baru-Aman-77",
        },
        follow=True,
    )
    assert "Kata sandi diganti" in response.content.decode()
    assert client.get("/pekerja/").status_code == 200  # this session goes on
    assert other_device.get("/pekerja/").status_code == 302  # the other one is logged out


@pytest.mark.django_db
def test_a_weak_new_password_is_refused_on_the_screen(client, bob):
    client.force_login(bob)
    response = client.post(
        "/akun/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "terlalu pendek" in response.content.decode().lower()


def _idle_for(client, minutes: int) -> None:
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


@pytest.mark.django_db
def test_an_idle_session_of_an_operator_ends_after_thirty_minutes(client, bob):
    client.force_login(bob)
    _idle_for(client, 29)
    assert client.get("/pekerja/").status_code == 200
    _idle_for(client, 31)
    response = client.get("/pekerja/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")
    page = client.get(response["Location"]).content.decode()
    assert "tidak ada kegiatan selama 30 menit" in page
    assert client.get("/pekerja/").status_code == 302  # really logged out


@pytest.mark.django_db
def test_a_viewer_who_sees_no_personal_data_keeps_an_idle_session(client, vera):
    client.force_login(vera)
    _idle_for(client, 120)
    assert client.get("/pekerja/").status_code == 200


def test_behind_the_https_proxy_failures_count_for_the_address_the_proxy_saw(rf, settings):
    from payung.accounts.lockout import client_address

    request = rf.post("/akun/masuk/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.HTTPS = False
    assert client_address(request) == "127.0.0.1"
    settings.HTTPS = True
    # The first entry was written by the client and may be anything; the proxy appended the last one.
    assert client_address(request) == "203.0.113.7"
