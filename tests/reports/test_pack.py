"""The rakor pack as `payung rakor_report` writes it: the dashboard's figures in both formats, sections
without data saying so, small cells suppressed, and the pages as rendered (pdftoppm, pdftotext -bbox)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from .conftest import pdf_text, xlsx_sheets, xlsx_text

pytestmark = pytest.mark.django_db


def make(tmp_path, fmt: str, *extra: str):
    out = tmp_path / f"rakor.{fmt}"
    call_command("rakor_report", "13.02", "--year", "2025", "--format", fmt, "--out", str(out), *extra)
    return out


def dashboard_board(client, user, month: str = "2025-06"):
    client.force_login(user)
    response = client.get("/cakupan/", {"region": "13.02", "month": month})
    assert response.status_code == 200
    return response.context["board"]


def test_the_pdf_shows_the_dashboards_figures_for_solok_june_2025(solok, tmp_path, client, alice):
    board = dashboard_board(client, alice)
    assert (board.headline.participants, board.headline.denominator) == (31_442, 226_964)
    text = pdf_text(make(tmp_path, "pdf"))
    flat = re.sub(r"\s+", " ", text)
    assert (
        "Cakupan Kabupaten Solok per Juni 2025 mencapai 13,85 % (31.442 dari 226.964 angkatan kerja)." in flat
    )
    assert f"Masih {board.headline.uncovered:,} angkatan kerja belum terlindungi".replace(",", ".") in flat
    # The districts as the dashboard ranks them, with its figures.
    kubung, gunung_talang = sorted(board.children, key=lambda f: -f.uncovered)
    assert re.search(r"13\.02\.10 Kubung 21\.842 Laporan BPJS 126\.964 17,20 105\.122", flat)
    assert (kubung.participants, kubung.coverage_pct, gunung_talang.participants) == (
        21_842,
        Decimal("17.20"),
        9_600,
    )
    # The target and its forecast as the dashboard computes them.
    renja_2026 = next(v for v in board.targets if v.status.target.year == 2026)
    budget = f"Rp{renja_2026.forecast.yearly_budget:,}".replace(",", ".")
    assert budget in flat and "Rencana kerja 2026 (Renja)" in flat
    shortfall = f"{renja_2026.forecast.shortfall_at_deadline:,}".replace(",", ".")
    assert f"masih kurang {shortfall} pekerja pada Desember 2026" in flat
    assert "Dasar aturan: PP 44/2015" in flat  # the regulation engine's citations
    assert (
        "Skema yang sudah disiapkan untuk 2026 Skema Penyandang dana Status Pagu (Rp) Kuota pekerja Jamsostek Rentan"
        in flat
    )
    assert re.search(r"Target RPJMN 2025–2029 \(tahun \S* ?2025\)? 32,15", flat)  # the national reference
    assert "Penyebut: angkatan kerja BPS tahun 2025." in flat
    assert "Peserta: laporan BPJS Ketenagakerjaan bulan Juni 2025 (bpjs.csv)." in flat


def test_the_xlsx_holds_the_same_figures_as_numbers_one_sheet_per_section(solok, tmp_path, client, alice):
    board = dashboard_board(client, alice)
    path = make(tmp_path, "xlsx")
    sheets = xlsx_sheets(path)
    assert list(sheets) == [
        "Ringkasan",
        "Tren bulanan dan proyeksi",
        "Kesenjangan",
        "Pendanaan",
        "Klaim dan manfaat 2025",
        "Agen Perisai",
        "Rencana kerja 2026 (Renja)",
        "Sumber data",
    ]
    summary = sheets["Ringkasan"]
    assert (
        "Cakupan Kabupaten Solok per Juni 2025 mencapai 13,85 % (31.442 dari 226.964 angkatan kerja)."
        in summary[3][0]
    )
    coverage_row = next(row for row in summary if row[0] == "Cakupan per Juni 2025")
    assert coverage_row[3] == pytest.approx(float(board.headline.coverage_pct)) == pytest.approx(13.85)
    trend = sheets["Tren bulanan dan proyeksi"]
    june = next(row for row in trend if row[1] == 31_442)
    assert june[3] == 226_964 and june[4] == pytest.approx(13.85)
    plan = sheets["Rencana kerja 2026 (Renja)"]
    renja_2026 = next(v for v in board.targets if v.status.target.year == 2026)
    months = {row[0]: row for row in plan if isinstance(row[0], int) and row[0] > 40_000}  # Excel day serials
    january, april = sorted(months)[0], sorted(months)[3]
    assert months[january][1:4] == [16_800, 16_800 * renja_2026.forecast.shortfall_at_deadline, 16_800]
    assert months[april][3:5] == [8_400, 8_400]  # PP 50/2025: villages' workers at half price from April 2026
    year_total = next(row for row in plan if row[0] == "Jumlah setahun")
    assert year_total[2] == renja_2026.forecast.yearly_budget  # the dashboard's budget, month by month
    assert year_total[5] < year_total[2]
    gap = sheets["Kesenjangan"]
    kubung = next(row for row in gap if row[1] == "Kubung")
    assert kubung[2] == 21_842 and kubung[6] == 105_122
    with zipfile.ZipFile(path) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        kinds = [re.search(r"<c:(lineChart|barChart)>", archive.read(n).decode()).group(1) for n in charts]
        styles = archive.read("xl/styles.xml").decode()
    assert "lineChart" in kinds and "barChart" in kinds  # native trend and gap charts
    assert "[$-421]#,##0" in styles and "[$-421]0.00" in styles  # Indonesian number formats


def test_sections_without_data_say_so_and_small_cells_are_suppressed(solok, tmp_path):
    pdf = re.sub(r"\s+", " ", pdf_text(make(tmp_path, "pdf")))
    xlsx = xlsx_text(xlsx_sheets(make(tmp_path, "xlsx")))
    for text in (pdf, xlsx):
        assert "Belum ada klaim yang dibayar pada tahun ini." in text
        assert "Belum ada agen Perisai di wilayah ini." in text
        assert "< 5" in text  # the one funded worker, in the occupation, scheme and village tables
        assert "1302075203850001" not in text and "Rosmiati" not in text and "Koto\n" not in text


def test_agents_recruits_by_district_are_counted_and_suppressed(solok, tmp_path, alice):
    import datetime as dt

    from payung.agents.first_rules import ensure_first_rules
    from payung.agents.models import CommissionRule, InactivityRule
    from payung.rules import Month
    from tests.agents.builders import add_agent, register

    ensure_first_rules(CommissionRule, InactivityRule)
    agent = add_agent(alice, "agen.gt", start=dt.date(2025, 1, 2))
    register(agent.user, today=dt.date(2025, 3, 5), start=Month(2025, 3), name="Rina Wati")
    sheets = xlsx_sheets(make(tmp_path, "xlsx"))
    rows = sheets["Agen Perisai"]
    gunung_talang = next(row for row in rows if row[0] == "Gunung Talang")
    assert gunung_talang[:5] == [
        "Gunung Talang",
        "< 5",
        "< 5",
        0,
        0,
    ]  # one agent, one recruit, nothing collected yet
    assert "Rina" not in xlsx_text(sheets)


def test_the_month_can_be_chosen_inside_the_year(solok, tmp_path):
    text = re.sub(r"\s+", " ", pdf_text(make(tmp_path, "pdf", "--month", "2025-03")))
    assert (
        "Cakupan Kabupaten Solok per Maret 2025 mencapai 13,64 % (30.962 dari 226.964 angkatan kerja)."
        in text
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["99.99", "--year", "2025"], "Wilayah 99.99 tidak dikenal."),
        (["13.02", "--year", "2023"], "Belum ada data Kabupaten Solok untuk tahun 2023"),
        (["13.02", "--year", "2031"], "Tahun 2031 belum berjalan"),
        (["13.02", "--year", "2025", "--month", "2024-12"], "Bulan 2024-12 di luar tahun 2025."),
    ],
)
def test_bad_input_exits_2_with_a_message_and_writes_nothing(solok, tmp_path, arguments, message):
    out = tmp_path / "rakor.pdf"
    code, *rest = arguments
    with pytest.raises(CommandError) as error:
        call_command("rakor_report", code, *rest, "--format", "pdf", "--out", str(out))
    assert error.value.returncode == 2 and message in str(error.value)
    assert not out.exists()


def test_every_rendered_page_has_content_and_no_text_leaves_the_page(solok, tmp_path):
    path = make(tmp_path, "pdf")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2
    for page in pages:
        image = Image.open(page).convert("L")
        dark = sum(image.histogram()[:200])
        assert dark > 500, f"{page.name} looks empty"
    subprocess.run(["pdftotext", "-bbox", str(path), str(tmp_path / "box.html")], check=True)
    tree = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", (tmp_path / "box.html").read_text()))
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    found = tree.findall(".//x:page", namespace)
    assert len(found) == len(pages)
    outside = []
    for number, page in enumerate(found, start=1):
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.findall("x:word", namespace):
            x_min, y_min = float(word.get("xMin")), float(word.get("yMin"))
            x_max, y_max = float(word.get("xMax")), float(word.get("yMax"))
            # Inside the sheet, and inside the side margins the page's style sets (16 mm ≈ 45 pt; a few
            # points of slack for glyph overhang).
            if x_min < 40 or x_max > width - 40 or y_min < 0 or y_max > height:
                outside.append((number, word.text, round(x_min), round(x_max)))
    assert (width, height) == pytest.approx((595.3, 841.9), abs=1)  # A4 portrait
    assert outside == []
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    assert "DejaVu-Sans" in fonts  # the documented font, embedded
    texts = pdf_text(path).split("\f")[:-1]
    assert len(texts) == len(pages)
    for number, text in enumerate(texts, start=1):  # the region and year on every page, and its number
        assert text.strip().startswith("Kabupaten Solok · 2025") and f"{number}/{len(pages)}" in text


def test_claims_paid_show_as_the_claims_dashboard_counts_them_small_cells_suppressed(
    solok, tmp_path, client, alice, worker_factory
):
    from tests.claims.builders import HEADERS, new_nik, write_csv

    rows = []
    for number in range(6):
        worker = worker_factory("13.02.07.2002", name=f"Almarhum {number}", nik=new_nik("13.02.07"))
        rows.append(
            (
                f"S-{number}",
                "",
                worker.nik,
                worker.name,
                "JKM",
                "",
                "01/02/2025",
                "01/03/2025",
                "42000000",
                "DIBAYAR",
            )
        )
    kubung = worker_factory("13.02.10.2001", name="Pekerja Kubung", nik=new_nik("13.02.10"))
    rows.append(
        (
            "S-9",
            "",
            kubung.nik,
            kubung.name,
            "JKK",
            "Perawatan",
            "2025-06-10",
            "2025-07-01",
            "7000000",
            "DIBAYAR",
        )
    )
    call_command("import_claims", str(write_csv(tmp_path / "solok.csv", rows, headers=HEADERS)), "--json")
    client.force_login(alice)
    board = client.get("/klaim/dasbor/", {"region": "13.02", "year": 2025}).context["board"]
    assert board["total"] == {"claims": 7, "workers": 7, "paid": 259_000_000}
    pdf = re.sub(r"\s+", " ", pdf_text(make(tmp_path, "pdf")))
    assert "7 klaim dibayar kepada 7 pekerja, jumlah manfaat Rp259.000.000." in pdf
    assert "Almarhum" not in pdf and "Pekerja Kubung" not in pdf and kubung.nik not in pdf
    claims = xlsx_sheets(make(tmp_path, "xlsx"))["Klaim dan manfaat 2025"]
    by_district = {row[0]: row[1:4] for row in claims if row[0] in ("Gunung Talang", "Kubung")}
    assert by_district == {"Gunung Talang": [6, 6, 252_000_000], "Kubung": ["< 5", "< 5", 7_000_000]}


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        ("13", "Cakupan Sumatera Barat per Juni 2025 mencapai 13,85 % (31.442 dari 226.964 angkatan kerja)."),
        (
            "13.02.07",
            "Cakupan Gunung Talang per Juni 2025 mencapai 9,60 % (9.600 dari 100.000 angkatan kerja).",
        ),
    ],
)
def test_a_province_and_a_district_get_their_own_pack(solok, tmp_path, code, sentence):
    out = tmp_path / "rakor.pdf"
    call_command("rakor_report", code, "--year", "2025", "--format", "pdf", "--out", str(out))
    assert sentence in re.sub(r"\s+", " ", pdf_text(out))
