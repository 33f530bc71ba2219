"""The one XLSX writer: numbers as numbers, dates as dates, and no cell that runs as a formula."""

import datetime as dt
import zipfile
from decimal import Decimal

import pytest
from fastexcel import read_excel

from payung.lib.xlsx import neutralize, streaming_workbook, write_xlsx_file


@pytest.mark.parametrize("text", ["=1+1", "+62812", "-5", "@SUM(A1)", "\t=cmd", "\r=cmd"])
def test_text_that_would_run_as_a_formula_is_kept_as_text(text):
    assert neutralize(text) == "'" + text


def test_plain_text_is_left_as_it_is():
    assert neutralize("Budi Santoso") == "Budi Santoso"
    assert neutralize("3203010101800001") == "3203010101800001"


def test_a_table_file_holds_typed_cells_and_neutralised_text():
    path = write_xlsx_file(
        "Daftar",
        ["Nama", "Jumlah", "Iuran", "Tanggal", "Aktif"],
        [["=HYPERLINK()", 3, Decimal("16800.50"), dt.date(2026, 1, 31), True]],
    )
    frame = read_excel(path).load_sheet(0).to_polars()
    assert frame.columns == ["Nama", "Jumlah", "Iuran", "Tanggal", "Aktif"]
    assert frame.row(0) == ("'=HYPERLINK()", 3.0, 16800.5, dt.datetime(2026, 1, 31), "Ya")


def test_a_streaming_workbook_never_reads_text_as_a_number_formula_or_link(tmp_path):
    path = tmp_path / "laporan.xlsx"
    book = streaming_workbook(str(path))
    sheet = book.add_worksheet("Periksa")
    sheet.write(0, 0, "3203010101800001")
    sheet.write(0, 1, "=1+1")
    sheet.write(0, 2, "https://contoh.id")
    book.close()
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "hyperlink" not in xml
    assert read_excel(str(path)).load_sheet(0, header_row=None, dtypes="string").to_polars().row(0) == (
        "3203010101800001",
        "=1+1",
        "https://contoh.id",
    )
