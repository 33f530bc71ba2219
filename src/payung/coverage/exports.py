"""Dashboard tables as XLSX (xlsxwriter, in memory: the tables are aggregates, a few hundred rows)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import xlsxwriter

from payung.registry.exports import neutralize


def table_xlsx(table, *, heading: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet(table.key[:31])
    bold = book.add_format({"bold": True})
    percent = book.add_format({"num_format": "0.00"})
    whole = book.add_format({"num_format": "#,##0"})
    sheet.write_string(0, 0, neutralize(heading), bold)
    sheet.write_string(1, 0, neutralize(str(table.title)))
    sheet.write_row(3, 0, [str(header) for header in table.headers], bold)
    for number, row in enumerate(table.rows, start=4):
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, Decimal):
                sheet.write_number(number, column, float(value), percent)
            elif isinstance(value, int) and not isinstance(value, bool):
                sheet.write_number(number, column, value, whole)
            elif isinstance(value, dt.date):  # a month of the series
                sheet.write_string(number, column, f"{value:%Y-%m}")
            else:
                sheet.write_string(number, column, neutralize(str(value)))
    if table.note:
        sheet.write_string(len(table.rows) + 5, 0, neutralize(str(table.note)))
    sheet.set_column(0, len(table.headers) - 1, 16)
    book.close()
    return buffer.getvalue()
