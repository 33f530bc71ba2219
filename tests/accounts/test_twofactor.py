"""The second factor: required for superusers, regency admins and BPJS officers, optional for others;
enrolment with a QR code made locally, recovery codes, and no way around it."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from payung.accounts.models import User
from payung.accounts.testing import totp_code, totp_device_for
from payung.audit.models import AuditEvent

DATA_PAGES = ("/", "/pekerja/", "/wilayah/", "/skema/", "/cakupan/", "/impor/", "/api/v1/workers/")


@pytest.fixture
def root(regions):
    return User.objects.create_superuser("root", password="rahasia-uji-123")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["alice", "dina", "root"])
def test_a_role_that_needs_it_is_sent_to_enrolment_and_reaches_no_data(
    password_only_client, request, persona
):
    user = request.getfixturevalue(persona)
    password_only_client.force_login(user)
    for path in DATA_PAGES:
        response = password_only_client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/akun/2fa/daftar/"), path
    page = password_only_client.get("/akun/2fa/daftar/").content.decode()
    assert 'data-testid="twofactor-required"' in page


@pytest.mark.django_db
def test_an_operator_may_work_without_a_second_factor(password_only_client, bob):
    password_only_client.force_login(bob)
    assert password_only_client.get("/pekerja/").status_code == 200


@pytest.mark.django_db
def test_enrolment_shows_a_local_qr_code_and_a_right_code_unlocks_the_pages(password_only_client, alice):
    client = password_only_client
    client.force_login(alice)
    page = client.get("/akun/2fa/daftar/?next=/pekerja/").content.decode()
    assert "<svg" in page and "<path" in page  # the QR code is drawn in the page, no image from outside
    assert "http" not in page.split('data-testid="qr-code"')[1].split("</div>")[0].replace(
        "http://www.w3.org", ""
    )
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=alice, confirmed=False)

    wrong = client.post(
        "/akun/2fa/daftar/", {"code": "000000" if totp_code(device) != "000000" else "111111"}
    )
    assert "Kode tidak cocok" in wrong.content.decode()
    assert client.get("/pekerja/").status_code == 302

    device.refresh_from_db()
    device.throttling_failure_count = 0  # a wrong code makes the device wait a second before the next try
    device.throttling_failure_timestamp = None
    device.save()
    import base64

    assert base64.b32encode(device.bin_key).decode().rstrip("=") == secret
    done = client.post("/akun/2fa/daftar/", {"code": totp_code(device), "next": "/pekerja/"})
    codes = re.findall(r"<li>([a-z2-9]{10})</li>", done.content.decode())
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=alice).count() == 10
    assert client.get("/pekerja/").status_code == 200
    assert AuditEvent.objects.filter(
        object_type="user", object_id=str(alice.pk), note="second factor enrolled"
    ).exists()


@pytest.mark.django_db
def test_a_user_with_a_device_must_give_a_code_at_each_login(password_only_client, alice):
    device = totp_device_for(alice)
    password_only_client.force_login(alice)
    response = password_only_client.get("/pekerja/?region=13.02")
    assert response.status_code == 302 and response["Location"].startswith("/akun/verifikasi/")
    verified = password_only_client.post(
        "/akun/verifikasi/", {"code": totp_code(device), "next": "/pekerja/?region=13.02"}
    )
    assert verified.status_code == 302 and verified["Location"] == "/pekerja/?region=13.02"
    assert password_only_client.get("/pekerja/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_is_refused_in_bahasa_indonesia(password_only_client, alice):
    totp_device_for(alice)
    password_only_client.force_login(alice)
    response = password_only_client.post("/akun/verifikasi/", {"code": "12345"})
    assert "Kode salah atau sudah dipakai" in response.content.decode()
    assert password_only_client.get("/pekerja/").status_code == 302


@pytest.mark.django_db
def test_a_stolen_password_cannot_enrol_a_new_device_over_the_victims(password_only_client, alice):
    totp_device_for(alice)
    password_only_client.force_login(alice)
    response = password_only_client.get("/akun/2fa/daftar/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/verifikasi/")
    assert not TOTPDevice.objects.filter(user=alice, confirmed=False).exists()


@pytest.mark.django_db
def test_a_recovery_code_logs_in_once(password_only_client, client, alice):
    from payung.accounts.twofactor import recovery_codes_renew

    totp_device_for(alice)
    codes = recovery_codes_renew(user=alice)
    password_only_client.force_login(alice)
    response = password_only_client.post(
        "/akun/verifikasi/", {"code": codes[0].upper(), "next": "/pekerja/"}, follow=True
    )
    assert "sisa 9 kode" in response.content.decode()
    assert password_only_client.get("/pekerja/").status_code == 200

    password_only_client.logout()
    password_only_client.force_login(alice)
    again = password_only_client.post("/akun/verifikasi/", {"code": codes[0]})
    assert "Kode salah atau sudah dipakai" in again.content.decode()


@pytest.mark.django_db
def test_an_operator_may_switch_it_on_and_off_but_an_admin_may_not_switch_it_off(client, bob, alice):
    client.force_login(bob)
    assert "Belum aktif" in client.get("/akun/keamanan/").content.decode()
    totp_device_for(bob)
    # Once on, it is asked for: this session, from before, must verify before it may switch it off.
    assert client.post("/akun/2fa/hapus/")["Location"].startswith("/akun/verifikasi/")
    assert TOTPDevice.objects.filter(user=bob).exists()
    client.force_login(bob)
    client.post("/akun/2fa/hapus/")
    assert not TOTPDevice.objects.filter(user=bob).exists()

    client.force_login(alice)
    response = client.post("/akun/2fa/hapus/", follow=True)
    assert "wajib memakai verifikasi dua langkah" in response.content.decode()
    assert TOTPDevice.objects.filter(user=alice, confirmed=True).exists()


@pytest.mark.django_db
def test_the_console_removes_a_lost_second_factor(password_only_client, alice):
    from django.core.management import call_command

    totp_device_for(alice)
    call_command("twofactor_reset", "alice")
    assert not TOTPDevice.objects.filter(user=alice).exists()
    password_only_client.force_login(alice)
    assert password_only_client.get("/pekerja/")["Location"].startswith("/akun/2fa/daftar/")
    assert AuditEvent.objects.filter(
        object_id=str(alice.pk), note="second factor removed", source="cli"
    ).exists()
