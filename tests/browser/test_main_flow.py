"""Login, worker list and worker detail in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from .login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_logs_in_finds_a_worker_and_opens_the_detail(page, live_server, bob, worker_factory):
    worker = worker_factory("13.02.07.2001", name="Rosmiati Koto", phone="081234567890")
    worker_factory("13.02.07.2002", name="Zainal Piliang", sex="L")
    worker_factory("73.16.01.2001", name="Baharuddin Tahir", sex="L")

    log_in(page, live_server, "bob")
    expect(page.get_by_test_id("total-workers")).to_have_text("2")

    page.get_by_role("link", name="Pekerja", exact=True).click()
    expect(page.get_by_test_id("worker-count")).to_contain_text("2 pekerja")
    expect(page.get_by_text("Baharuddin Tahir")).to_have_count(0)

    page.get_by_placeholder("Nama atau NIK").fill("Rosmiati")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_test_id("worker-count")).to_contain_text("1 pekerja")
    page.get_by_role("link", name="Rosmiati Koto").click()

    expect(page.get_by_role("heading", name="Rosmiati Koto")).to_be_visible()
    expect(page.get_by_test_id("nik")).to_have_text(worker.nik)
    expect(page.get_by_text("Koto Gaek Guguak")).to_be_visible()


def test_a_wrong_password_says_so_in_bahasa_indonesia(page, live_server, bob):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("bob")
    page.get_by_label("Kata sandi").fill("salah")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_text("Nama pengguna atau kata sandi salah")).to_be_visible()


def test_a_viewer_sees_counts_and_no_person(page, live_server, vera, worker_factory):
    worker = worker_factory("13.02.07.2001", name="Rosmiati Koto")
    log_in(page, live_server, "vera")
    page.goto(f"{live_server.url}/pekerja/")
    expect(page.get_by_text("Per kecamatan")).to_be_visible()
    expect(page.get_by_text("Rosmiati Koto")).to_have_count(0)
    response = page.goto(f"{live_server.url}/pekerja/{worker.pk}/")
    assert response.status == 403
    expect(page.get_by_test_id("error-page")).to_be_visible()
    assert worker.nik not in page.content()


def test_an_operator_registers_a_worker_with_the_village_picker(page, live_server, bob):
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/pekerja/baru/")
    page.get_by_label("NIK").fill("1302075203850001")
    page.get_by_label("Nama lengkap").fill("Siti Rahma")
    page.get_by_label("Jenis kelamin").select_option("P")
    page.get_by_label("Tanggal lahir").fill("1985-03-12")
    page.locator("#picker_village_code").fill("cupak")
    page.get_by_role("button", name=re.compile("Cupak")).click()
    page.get_by_label("Pekerjaan", exact=True).select_option("petani")
    page.get_by_label("Desil DTSEN").fill("2")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name="Siti Rahma")).to_be_visible()
    expect(page.get_by_text("Riwayat perubahan")).to_be_visible()
