"""The coverage dashboard in a real browser: figures, charts drawn, drill-down, a table downloaded."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from payung.coverage.summary import refresh_registry_coverage
from tests.coverage.helpers import labour_force, make_membership, make_scheme, participation

from .login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_viewer_reads_solok_coverage_drills_down_and_downloads_a_table(
    page, live_server, vera, worker_factory, tmp_path
):
    labour_force(
        tmp_path, "13.02,2025,226964,215500", "13.02.07,2025,100000,95000", "13.02.10,2025,126964,120500"
    )
    participation(
        tmp_path,
        *[f"13.02.07,2025-{m:02d},BPU,{9000 + 100 * m}" for m in range(1, 7)],
        *[f"13.02.07,2025-{m:02d},PU,{9000 + 10 * m}" for m in range(1, 7)],
        *[f"13.02.10,2025-{m:02d},PU,{13000 + 10 * m}" for m in range(1, 7)],
    )
    worker = worker_factory("13.02.07.2001", name="Rosmiati Koto")
    make_membership(
        worker,
        make_scheme("13.02.07.2001", funder_type="APBDES"),
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 1),
    )
    refresh_registry_coverage(regency_codes=["13.02"])

    log_in(page, live_server, "vera")
    page.get_by_role("link", name="Cakupan", exact=True).click()
    expect(page.get_by_test_id("region-name")).to_have_text("Kabupaten Solok")
    # June 2025: 9,600 + 9,060 + 13,060 = 31,720 of 226,964.
    expect(page.get_by_test_id("participants")).to_have_text("31.720")
    expect(page.get_by_test_id("coverage-pct")).to_have_text("13,98 %")
    expect(page.locator("#trend-chart")).to_have_attribute("data-ready", "1")
    expect(page.locator("#ranking-chart")).to_have_attribute("data-ready", "1")
    expect(page.get_by_test_id("village-summary")).to_contain_text("1 dari 3 desa")
    expect(page.get_by_text("Rosmiati")).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_test_id("unduh-wilayah").click()
    assert download.value.suggested_filename == "cakupan-13.02-2025-06-wilayah.xlsx"

    page.get_by_test_id("table-wilayah").get_by_role("link", name="13.02.07").click()
    expect(page.get_by_test_id("region-name")).to_have_text("Gunung Talang")
    expect(page).to_have_url(re.compile(r"region=13\.02\.07"))
    expect(page.get_by_test_id("participants")).to_have_text("18.660")
