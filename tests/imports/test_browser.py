"""The import flow in a real browser: upload, dry run, import, history."""

import re

import pytest
from playwright.sync_api import expect

from .files import csv_file, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_uploads_a_list_sees_the_dry_run_and_imports_it(page, live_server, bob, tmp_path):
    path = tmp_path / "daftar desa.csv"
    path.write_bytes(csv_file(person(1), person(2), person(3).replace(";L;", ";X;")))

    page.goto(f"{live_server.url}/akun/masuk/?next=/impor/")
    page.get_by_label("Nama pengguna").fill("bob")
    page.get_by_label("Kata sandi").fill("rahasia-uji-123")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Impor daftar pekerja")).to_be_visible()

    page.get_by_label("Berkas daftar pekerja").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page).to_have_url(re.compile(r"/impor/\d+/$"))
    expect(page.get_by_text("Jenis kelamin tidak dikenali: X")).to_be_visible()
    page.screenshot(path=str(tmp_path / "dry-run.png"), full_page=True)

    page.get_by_label(re.compile("Impor hanya 2 baris yang valid")).check()
    page.get_by_role("button", name="Impor sekarang").click()
    expect(page.get_by_text("Impor selesai: 2 pekerja baru")).to_be_visible()

    page.get_by_role("link", name="Riwayat impor").first.click()
    expect(page.get_by_role("link", name="daftar desa.csv")).to_be_visible()
