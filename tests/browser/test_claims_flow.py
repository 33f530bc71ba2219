"""A death reported by a village operator (on a 360 px phone) and followed to paid by the BPJS officer."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from payung.claims.documents import ensure_document_requirements
from payung.claims.models import Claim, DocumentRequirement
from payung.lib import dates
from tests.conftest import make_worker

from .login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_reports_a_death_and_the_officer_follows_it_to_paid(
    browser, page, live_server, charlie, dina
):
    ensure_document_requirements(DocumentRequirement)  # the flush of a transactional test removed them
    worker = make_worker("73.16.01.2001", name="La Ode Saman", sex="L")
    died = dates.today() - dt.timedelta(days=3)

    page.set_viewport_size({"width": 360, "height": 780})
    log_in(page, live_server, "charlie", start="/klaim/lapor/")
    page.get_by_label("NIK pekerja").fill(worker.nik)
    page.get_by_label("Kejadian", exact=True).select_option("jkm_death")
    page.get_by_label("Tanggal kejadian").fill(died.isoformat())
    page.get_by_role("button", name="Laporkan").click()
    expect(page.get_by_test_id("claim-status")).to_have_text("Dilaporkan")
    expect(page.get_by_test_id("claim-amounts")).to_contain_text("Rp42.000.000")
    page.get_by_label("Nama ahli waris").fill("Wa Ode Hasna")
    page.get_by_label("Hubungan").select_option("spouse")
    page.get_by_label("Bagian (%)").fill("100")
    page.get_by_role("button", name="Tambah ahli waris").click()
    expect(page.get_by_test_id("claim-heirs")).to_contain_text("Wa Ode Hasna")
    page.get_by_label("Surat keterangan kematian / akta kematian").check()
    page.get_by_role("button", name="Simpan dokumen").click()
    expect(page.get_by_label("Surat keterangan kematian / akta kematian")).to_be_checked()
    claim_url = page.url

    officer = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta").new_page()
    log_in(officer, live_server, "dina", start=claim_url.removeprefix(live_server.url))
    expect(officer).to_have_url(re.compile(r"/klaim/\d+/$"))
    officer.get_by_label("Keputusan", exact=True).select_option("submitted")
    officer.get_by_label("Nomor klaim BPJS").fill("PLP-2026-0042")
    officer.get_by_role("button", name="Catat keputusan").click()
    expect(officer.get_by_test_id("claim-status")).to_have_text("Diajukan ke BPJS")
    officer.get_by_label("Keputusan", exact=True).select_option("paid")
    officer.get_by_label("Jumlah dibayar (Rp)").fill("42.000.000")
    officer.get_by_role("button", name="Catat keputusan").click()
    expect(officer.get_by_test_id("claim-status")).to_have_text("Dibayar")
    expect(officer.get_by_test_id("claim-history")).to_contain_text("submitted → paid")

    page.goto(claim_url)
    expect(page.get_by_test_id("claim-status")).to_have_text("Dibayar")
    claim = Claim.objects.get()
    assert (claim.claim_number, claim.amount_paid, claim.paid_on) == (
        "PLP-2026-0042",
        42_000_000,
        dates.today(),
    )
    officer.context.close()
