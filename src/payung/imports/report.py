"""The downloadable error report: the file's rows as read, plus what is wrong with each.

The operator fixes the rows in this workbook and uploads it again: the
header is the file's own, NIK-like columns are formatted as text, and the
added columns (row number, errors, warnings) are ignored on re-upload.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Mapping

import polars as pl

from payung.lib.sheets import ROW, Sheet
from payung.lib.xlsx import neutralize, streaming_workbook

ERROR_HEADER = "Kesalahan"
WARNING_HEADER = "Peringatan"
ROW_HEADER = "Baris Asal"
TEXT_FIELDS = ("nik", "kk_number", "phone", "village_code")
# Above this many rows the report keeps only the rows with an error (xlsxwriter writes ~100k cells/s).
ALL_ROWS_LIMIT = 50_000
# And never more than this many rows (a million wrong rows would take minutes to write).
MAX_ROWS = 100_000


def _joined(issues: pl.DataFrame) -> dict[int, str]:
    if not issues.height:
        return {}
    grouped = issues.group_by(ROW, maintain_order=True).agg(
        pl.format("{}: {}", "column", "message").str.join("; ").alias("text")
    )
    return dict(grouped.iter_rows())


def write_error_report(
    sheet: Sheet,
    errors: pl.DataFrame,
    warnings: pl.DataFrame,
    path: pathlib.Path,
    dates: Mapping[int, dt.date] | None = None,
) -> None:
    """Write the report to ``path`` (XLSX): every row, or only rows with errors past ``ALL_ROWS_LIMIT``.

    ``dates`` maps a row number to its birth date as understood: written as a real date cell
    (dd/mm/yyyy), not as the reader's text of it (``1980-03-15 00:00:00``, an Excel serial). A date
    that could not be read stays as the operator typed it.
    """
    dates = dates or {}
    by_row_errors = _joined(errors)
    by_row_warnings = _joined(warnings)
    book = streaming_workbook(str(path))
    sheet_out = book.add_worksheet("Periksa")
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    error_header = book.add_format({"bold": True, "bg_color": "#F8CBAD", "border": 1})
    error_cell = book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": False})
    text = book.add_format({"num_format": "@"})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    date_column = sheet.columns.get("birth_date")
    headers = list(sheet.headers)
    text_columns = {sheet.columns[f] for f in TEXT_FIELDS if f in sheet.columns}
    for index in text_columns:
        sheet_out.set_column(index, index, 20, text)
    if date_column is not None:
        sheet_out.set_column(date_column, date_column, 12)
    extra = len(headers)
    sheet_out.set_column(extra + 1, extra + 1, 80)
    for index, header in enumerate(headers):
        sheet_out.write_string(0, index, neutralize(str(header)), bold)
    sheet_out.write_string(0, extra, ROW_HEADER, bold)
    sheet_out.write_string(0, extra + 1, ERROR_HEADER, error_header)
    sheet_out.write_string(0, extra + 2, WARNING_HEADER, bold)
    columns = [f"c{i}" for i in range(len(headers))]
    data = sheet.data.select(ROW, *[c for c in columns if c in sheet.data.columns])
    if data.height > ALL_ROWS_LIMIT:
        data = data.filter(pl.col(ROW).is_in(list(by_row_errors)))
        note = book.add_worksheet("Catatan")
        note.write_string(
            0, 0, f"Berkas berisi {sheet.data.height} baris; laporan ini hanya memuat baris yang salah."
        )
        note.write_string(
            1,
            0,
            "Perbaiki baris ini lalu unggah laporan ini; baris yang benar dapat diimpor dengan "
            "pilihan 'hanya baris valid'.",
        )
        if data.height > MAX_ROWS:
            note.write_string(
                2, 0, f"Ada {data.height} baris salah; laporan ini memuat {MAX_ROWS} baris salah pertama."
            )
            data = data.head(MAX_ROWS)
    for out_row, values in enumerate(data.iter_rows(), start=1):
        row_number, cells = values[0], values[1:]
        for index, value in enumerate(cells):
            if index == date_column and row_number in dates:
                sheet_out.write_datetime(out_row, index, dates[row_number], date_format)
            elif value is not None:
                sheet_out.write_string(
                    out_row, index, neutralize(str(value)), text if index in text_columns else None
                )
        sheet_out.write_number(out_row, extra, row_number)
        if row_number in by_row_errors:
            sheet_out.write_string(out_row, extra + 1, neutralize(by_row_errors[row_number]), error_cell)
        if row_number in by_row_warnings:
            sheet_out.write_string(out_row, extra + 2, neutralize(by_row_warnings[row_number]))
    sheet_out.freeze_panes(1, 0)
    sheet_out.autofilter(0, 0, max(data.height, 1), extra + 2)
    book.close()
