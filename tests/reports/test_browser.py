"""A rakor pack made in a real browser on a phone-wide screen: from the coverage dashboard to the
archive, the pack made, and the PDF downloaded with the dashboard's figure."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.login import log_in

from .conftest import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_viewer_makes_the_solok_pack_on_a_phone_and_downloads_it(page, live_server, vera, solok, tmp_path):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server, "vera", start="/cakupan/?region=13.02&month=2025-06")
    page.get_by_role("link", name="Bahan rakor").first.click()
    expect(page.get_by_test_id("region-name")).to_have_text("Kabupaten Solok")
    page.get_by_label("Tahun").select_option("2025")
    page.get_by_label("Format").select_option("pdf")
    page.get_by_role("button", name="Buat bahan rakor").click()
    expect(page.get_by_test_id("pack-done")).to_be_visible(timeout=60_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Unduh PDF")).click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("rakor-13.02-2025-06-") and path.suffix == ".pdf"
    assert "mencapai 13,85 % (31.442 dari 226.964 angkatan kerja)" in re.sub(r"\s+", " ", pdf_text(path))
    page.goto(f"{live_server.url}/laporan/?region=13.02")
    expect(page.get_by_test_id("archive")).to_contain_text("vera")
