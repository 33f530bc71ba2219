"""The demo's Solok on the real region tree: the pack of June 2025 carries the seed article's figure."""

import re

import pytest
from django.core.management import call_command

from payung.regions.loading import load_regions

from .conftest import pdf_text, xlsx_sheets

pytestmark = pytest.mark.django_db


def test_the_demo_pack_of_solok_june_2025_says_13_85_percent(tmp_path, capsys):
    load_regions()
    call_command("load_coverage_demo")
    pdf, xlsx = tmp_path / "solok.pdf", tmp_path / "solok.xlsx"
    call_command(
        "rakor_report", "13.02", "--year", "2025", "--month", "2025-06", "--format", "pdf", "--out", str(pdf)
    )
    call_command(
        "rakor_report",
        "13.02",
        "--year",
        "2025",
        "--month",
        "2025-06",
        "--format",
        "xlsx",
        "--out",
        str(xlsx),
    )
    text = re.sub(r"\s+", " ", pdf_text(pdf))
    assert (
        "Cakupan Kabupaten Solok per Juni 2025 mencapai 13,85 % (31.442 dari 226.964 angkatan kerja)." in text
    )
    trend = xlsx_sheets(xlsx)["Tren bulanan dan proyeksi"]
    assert any(row[1] == 31_442 and row[3] == 226_964 and row[4] == 13.85 for row in trend)
    # Without --month: the year's last month with a BPJS report.
    call_command("rakor_report", "13.02", "--year", "2025", "--format", "pdf", "--out", str(pdf))
    assert "Keadaan per Desember 2025" in pdf_text(pdf)
