"""Write palopo_2025.xls beside this file (run once, then commit it).

No maintained library writes Excel 97-2003 files, so, as for tests/lib/sheets/files, the file was
written once with xlwt, which the project does not install:

    pip install --target /tmp/xlwt xlwt==1.3.0
    PYTHONPATH=/tmp/xlwt:src .venv/bin/python -m tests.claims.files.make_xls

A branch report as an old BPJS export looks: a merged title over two rows, the header on row 4, NIK as
text, dates as real date cells (and one as text), amounts as numbers and as "Rp" text, a total row.
"""

import datetime as dt
import pathlib

import xlwt

from payung.lib.nik import MALE, make_nik

HERE = pathlib.Path(__file__).parent
HEADER = ["No. Klaim", "KPJ", "NIK", "Nama Tenaga Kerja", "Program", "Jenis Klaim", "Tgl Kejadian",
          "Tgl Bayar", "Nominal", "Status"]  # fmt: skip
# Claimants the registry does not know (Enrekang NIKs, district 73.16.01).
NIKS = [
    make_nik(district_code="73.16.01", birth_date=dt.date(1975, 5, 1), sex=MALE, serial=s)
    for s in (11, 12, 13)
]
ROWS = [
    ["XLS-001", "KPJ01", NIKS[0], "La Ode", "JKM", "Meninggal Dunia", dt.date(2025, 2, 3), dt.date(2025, 3, 4), 42000000, "DIBAYAR"],
    ["XLS-002", "KPJ02", NIKS[1], "Wa Ode", "JHT", "Pengunduran Diri", dt.date(2025, 1, 5), "15/03/2025", "Rp 9.841.000", "LUNAS"],
    ["XLS-003", "KPJ03", NIKS[2], "Baco", "JKK", "Perawatan", dt.date(2025, 6, 1), None, None, "PROSES"],
]  # fmt: skip


def main() -> None:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Klaim")
    dates = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    sheet.write_merge(0, 1, 0, len(HEADER) - 1, "LAPORAN KLAIM BPJS KETENAGAKERJAAN CABANG PALOPO 2025")
    for column, text in enumerate(HEADER):
        sheet.write(3, column, text)
    for number, row in enumerate(ROWS, start=4):
        for column, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write(number, column, value, dates)
            elif value is not None:
                sheet.write(number, column, value)
    sheet.write(len(ROWS) + 4, 0, "JUMLAH")
    sheet.write(len(ROWS) + 4, 8, 51841000)
    book.save(str(HERE / "palopo_2025.xls"))


if __name__ == "__main__":
    main()
