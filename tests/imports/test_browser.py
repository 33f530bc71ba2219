"""The import flow in a real browser: upload, dry run, import, history; choosing the header row."""

import re

import pytest
from playwright.sync_api import Page, expect

from payung.registry.models import Worker

from .files import HEADER, csv_file, guided_csv, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as_bob(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/akun/masuk/?next=/impor/")
    page.get_by_label("Nama pengguna").fill("bob")
    page.get_by_label("Kata sandi").fill("rahasia-uji-123")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Impor daftar pekerja")).to_be_visible()


def upload(page: Page, path) -> None:
    page.get_by_label("Berkas daftar pekerja").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page).to_have_url(re.compile(r"/impor/\d+/$"))


def figures(page: Page):
    """The six figures of the check result, each with its label ("3 baris", "3 baru", ...)."""
    return page.locator("#import-status .card-body").filter(has_text=re.compile(r"^\d"))


FIGURE_LABELS = ("baris", "baru", "dilengkapi", "tidak berubah", "salah", "peringatan")


def reading(*numbers: int) -> list[re.Pattern[str]]:
    """What the six figures should read: reading(3, 3, 0, 0, 0, 0) is 3 rows, all new."""
    return [re.compile(rf"^{n}\s*{label}$") for n, label in zip(numbers, FIGURE_LABELS, strict=True)]


def test_an_operator_uploads_a_list_sees_the_dry_run_and_imports_it(page, live_server, bob, tmp_path):
    path = tmp_path / "daftar desa.csv"
    path.write_bytes(csv_file(person(1), person(2), person(3).replace(";L;", ";X;")))

    log_in_as_bob(page, live_server)
    upload(page, path)
    expect(page.get_by_text("Jenis kelamin tidak dikenali: X")).to_be_visible()
    page.screenshot(path=str(tmp_path / "dry-run.png"), full_page=True)

    page.get_by_label(re.compile("Impor hanya 2 baris yang valid")).check()
    page.get_by_role("button", name="Impor sekarang").click()
    expect(page.get_by_text("Impor selesai: 2 pekerja baru")).to_be_visible()

    page.get_by_role("link", name="Riwayat impor").first.click()
    expect(page.get_by_role("link", name="daftar desa.csv")).to_be_visible()


def test_an_operator_picks_the_real_header_row_and_imports_the_list_read_with_it(
    page, live_server, bob, tmp_path
):
    # The template's column titles (row 2) win the detection; the list's own header is row 5.
    path = tmp_path / "daftar berpanduan.csv"
    path.write_bytes(guided_csv(person(1), person(2), person(3)))

    log_in_as_bob(page, live_server)
    upload(page, path)
    header_row = page.get_by_test_id("header-row")
    expect(header_row).to_contain_text("Baris judul kolom: 2 (ditemukan otomatis).")
    preview = page.get_by_test_id("preview")
    expect(preview).to_contain_text("sesuai KTP")  # the filling guide, read as a worker
    expect(page.get_by_text("NIK harus 16 angka (tertulis: NIK).")).to_be_visible()  # so is the real header

    select = header_row.get_by_label("Pakai baris")
    expect(select).to_have_value("")
    select.select_option(label="Baris 5: NIK · Nama · JK · Tgl Lahir …")
    header_row.get_by_role("button", name="Periksa lagi dengan baris ini").click()

    expect(page.get_by_text("Berkas diperiksa lagi dengan baris 5 sebagai judul kolom.")).to_be_visible()
    expect(header_row).to_contain_text("Baris judul kolom: 5 (dipilih).")
    expect(select).to_have_value("5")
    expect(figures(page)).to_have_text(reading(3, 3, 0, 0, 0, 0))
    expect(preview.locator("tbody tr")).to_have_count(3)
    nik = person(1).split(";")[0]
    expect(preview.locator("tbody tr").first.locator("td")).to_have_text(
        ["6", "baru", nik, "Pekerja 1", "L", "12-03-1980", "13.02.07.2001", "petani", "1", ""]
    )
    expect(preview).not_to_contain_text("sesuai KTP")
    expect(page.get_by_text("Baris yang salah")).to_have_count(0)
    expect(page.get_by_label(re.compile("Impor hanya"))).to_have_count(0)  # nothing left to skip
    page.screenshot(path=str(tmp_path / "header-row-5.png"), full_page=True)

    page.get_by_role("button", name="Impor sekarang").click()
    expect(page.get_by_text("Impor selesai: 3 pekerja baru, 0 pekerja dilengkapi datanya.")).to_be_visible()
    expect(page.get_by_test_id("header-row")).to_have_count(0)  # an imported file is not read again
    assert sorted(Worker.objects.values_list("name", flat=True)) == ["Pekerja 1", "Pekerja 2", "Pekerja 3"]


def test_without_a_nik_header_the_operator_picks_the_header_row_then_maps_its_nik_column(
    page, live_server, bob, tmp_path
):
    # No row says "NIK": the template calls it "No. Induk Warga" (row 2), the list "Nomor Induk Warga" (row 5).
    header = HEADER.replace("NIK", "Nomor Induk Warga")
    path = tmp_path / "tanpa nik.csv"
    path.write_bytes(guided_csv(person(1), person(2), header=header).replace(b"NIK;", b"No. Induk Warga;"))

    log_in_as_bob(page, live_server)
    upload(page, path)
    expect(page.get_by_text("Berkas tidak dapat diproses.")).to_be_visible()
    header_row = page.get_by_test_id("header-row")
    expect(header_row).to_contain_text("baris yang paling mirip judul kolom: 2.")
    expect(page.get_by_label("«No. Induk Warga»")).to_be_visible()

    header_row.get_by_label("Pakai baris").select_option("5")
    header_row.get_by_role("button", name="Periksa lagi dengan baris ini").click()
    expect(page.locator(".alert-danger")).to_contain_text(
        "Baris 5 yang dipilih sebagai judul kolom tidak berisi"
    )
    expect(header_row).to_contain_text("Baris judul kolom: 5 (dipilih).")
    expect(page.get_by_label("«No. Induk Warga»")).to_have_count(0)  # the columns are now the chosen row's

    page.get_by_label("«Nomor Induk Warga»").select_option(label="NIK")
    page.get_by_role("button", name="Simpan dan periksa lagi").click()
    expect(page.get_by_text("Pemetaan kolom disimpan")).to_be_visible()
    expect(header_row).to_contain_text("Baris judul kolom: 5 (dipilih).")  # the choice outlives the recheck
    expect(figures(page)).to_have_text(reading(2, 2, 0, 0, 0, 0))
    expect(page.get_by_test_id("preview").locator("tbody tr")).to_have_count(2)

    page.get_by_role("button", name="Impor sekarang").click()
    expect(page.get_by_text("Impor selesai: 2 pekerja baru")).to_be_visible()
    assert Worker.objects.count() == 2


def test_a_district_operator_imports_opensids_export_choosing_its_village_at_360_px(page, live_server, bob):
    from pathlib import Path

    sample = Path(__file__).resolve().parent.parent / "fixtures" / "sheets" / "contoh_penduduk.xlsx"
    page.set_viewport_size({"width": 360, "height": 800})
    log_in_as_bob(page, live_server)
    page.get_by_label(re.compile("Desa untuk seluruh berkas")).select_option("13.02.07.2001")
    upload(page, sample)
    expect(page.get_by_text("Tata letak dikenali: Ekspor OpenSID (penduduk)")).to_be_visible()
    expect(page.get_by_test_id("layout").get_by_text("«pekerjaan_id»")).to_be_visible()
    expect(page.get_by_text(re.compile("di bawah usia kerja")).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label(re.compile(r"Impor hanya \d+ baris yang valid")).check()
    page.get_by_role("button", name="Impor sekarang").click()
    expect(page.get_by_text(re.compile(r"Impor selesai: \d+ pekerja baru"))).to_be_visible()
    assert Worker.objects.filter(village_id="13.02.07.2001").count() > 80
