"""Make ugly worker lists in memory, as offices send them."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

HEADER = [
    "No.",
    "NIK",
    "Nama Lengkap",
    "Jenis Kelamin",
    "Tgl Lahir",
    "Kode Desa",
    "Pekerjaan",
    "Desil",
    "Penghasilan (Rp)",
    "No. HP",
]
ROWS = [
    [
        1,
        "3203010101800001",
        "Budi Santoso",
        "L",
        "01/01/1980",
        "32.03.01.2001",
        "Petani",
        "1",
        "1.500.000",
        "081234567890",
    ],
    [
        2,
        "3203014202850002",
        "Siti Aminah",
        "P",
        "02-02-1985",
        "3203012001",
        "Pedagang",
        "2",
        "Rp 1.000.000",
        "+6281311112222",
    ],
]


def xlsx(
    rows: list[list[object]],
    *,
    title_rows: int = 2,
    header: list[str] = HEADER,
    merges: list[tuple[str, object]] = (),
    numeric_nik: bool = False,
) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Sheet1")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for i in range(title_rows):
        sheet.merge_range(i, 0, i, len(header) - 1, f"DAFTAR CALON PESERTA {i + 1}")
    sheet.write_row(title_rows, 0, header)
    for r, row in enumerate(rows, start=title_rows + 1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, int | float) or (numeric_nik and c == 1 and str(value).isdigit()):
                sheet.write_number(r, c, float(value))
            else:
                sheet.write_string(r, c, str(value))
    for ref, value in merges:
        sheet.merge_range(ref, value)
    book.close()
    return buffer.getvalue()


def csv_text(
    rows: list[list[object]],
    *,
    separator: str = ",",
    header: list[str] = HEADER,
    title: str | None = "DAFTAR CALON PESERTA",
) -> str:
    lines = [title] if title else []
    if title:
        lines.append("")
    for row in [header, *rows]:
        cells = ["" if v is None else str(v) for v in row]
        lines.append(separator.join(f'"{c}"' if separator in c else c for c in cells))
    return "\r\n".join(lines) + "\r\n"
