"""The main scheme flow in a real browser: create, approve, select, adjust, hand off to BPJS, bill, pay."""

from __future__ import annotations

import io
import re

import pytest
import xlsxwriter
from django.utils import timezone
from playwright.sync_api import expect

from payung.schemes.models import Membership
from tests.conftest import make_worker

from .login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_file(tmp_path, rows) -> str:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["NIK", "Nama", "No KPJ", "Alasan Penolakan"])
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            sheet.write_string(i, j, value)
    book.close()
    path = tmp_path / "jawaban.xlsx"
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_an_admin_runs_a_scheme_from_budget_to_paid_bill(page, live_server, alice, tmp_path):
    months_left = 13 - timezone.localdate().month
    poorest = make_worker("13.02.07.2001", name="Rosmiati Koto", dtsen_decile=1)
    second = make_worker("13.02.07.2002", name="Zainal Piliang", sex="L", dtsen_decile=2)
    make_worker("13.02.07.2002", name="Yusri Kaya", sex="L", dtsen_decile=4)

    log_in(page, live_server, "alice")
    page.get_by_role("link", name="Skema pendanaan").click()
    page.get_by_role("link", name="+ Skema baru").click()
    page.get_by_label("Nama skema").fill("UCJ Solok")
    page.get_by_label("Jenis penyandang dana").select_option("APBD")
    page.get_by_label("Kode wilayah penyandang dana").fill("13.02")
    page.get_by_label("Tahun anggaran").fill(str(timezone.localdate().year))
    page.get_by_label("Pagu anggaran (Rp)").fill(str(2 * 16_800 * months_left))
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_test_id("scheme-status")).to_have_text("Draf")

    page.get_by_label("Alasan").fill("DPA 2026")
    page.get_by_role("button", name="Jadikan Disetujui").click()
    expect(page.get_by_test_id("scheme-status")).to_have_text("Disetujui")

    page.get_by_role("link", name="Seleksi").click()
    expect(page.get_by_test_id("selected-table")).to_contain_text("Rosmiati Koto")
    expect(page.get_by_test_id("selected-table")).to_contain_text("Zainal Piliang")
    expect(page.get_by_test_id("below-line-table")).to_contain_text("anggaran tidak cukup")
    page.get_by_role("button", name="Simpan seleksi sebagai usulan").click()
    expect(page.get_by_test_id("member-count")).to_contain_text("2 peserta")

    # Removing asks first: cancelled, nothing changes.
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Hapus Zainal Piliang").click()
    expect(page.get_by_test_id("member-count")).to_contain_text("2 peserta")
    assert dialogs == ["Hapus Zainal Piliang dari usulan skema ini?"]
    # Take one out and see the budget at once (htmx), then put him back.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Hapus Zainal Piliang").click()
    expect(page.get_by_test_id("member-count")).to_contain_text("1 peserta")
    expect(page.get_by_test_id("committed")).to_have_text(
        "Rp" + f"{16_800 * months_left:,}".replace(",", ".")
    )
    page.get_by_label("NIK pekerja yang ditambahkan").fill(second.nik)
    page.get_by_role("button", name="Tambah", exact=True).click()
    expect(page.get_by_test_id("member-count")).to_contain_text("2 peserta")

    page.get_by_role("button", name="Ajukan usulan ke BPJS").click()
    expect(page.get_by_test_id("member-table")).to_contain_text("Diajukan ke BPJS")
    # Personal data leaves only with a purpose, which goes into the access log.
    page.get_by_role("link", name="Unduh berkas pendaftaran kolektif").click()
    page.get_by_label("Tujuan pengunduhan").fill("pendaftaran kolektif ke BPJS cabang")
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh").click()
    assert download.value.suggested_filename.startswith("pendaftaran-kolektif-")
    page.go_back()

    page.get_by_role("link", name="Impor jawaban BPJS (KPJ)").click()
    page.get_by_label("Berkas jawaban").set_input_files(
        answer_file(
            tmp_path,
            [
                (poorest.nik, "Rosmiati Koto", "26010000001", ""),
                (second.nik, "Zainal Piliang", "", "NIK tidak padu"),
            ],
        )
    )
    page.get_by_role("button", name="Unggah").click()
    expect(page.get_by_test_id("answer-result")).to_contain_text("1 peserta aktif, 1 ditolak")
    assert Membership.objects.get(worker=poorest).kpj_number == "26010000001"

    page.get_by_role("link", name="Tagihan").click()
    page.get_by_role("button", name="Terbitkan tagihan").click()
    expect(page.get_by_test_id("bill-table")).to_contain_text("16.800")
    page.get_by_label("Referensi").fill("SP2D-0001")
    page.get_by_role("button", name="Bayar").click()
    expect(page.get_by_text("Pembayaran tercatat.")).to_be_visible()
    expect(page.get_by_test_id("bill-table")).to_contain_text(re.compile("lunas"))
