"""Writing a table as XLSX: constant memory, text that cannot run as a formula. No Django."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence

import xlsxwriter


def neutralize(value: str) -> str:
    """Text starting with = + - @ would run as a formula in Excel; a leading apostrophe keeps it text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def write_xlsx(sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Writes one sheet to a temporary file and returns its path (the caller removes it)."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115 - the caller streams it
    handle.close()
    book = xlsxwriter.Workbook(handle.name, {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    time_format = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet.write_row(0, 0, list(headers), bold)
    last = 0
    for last, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_string(last, column, "Ya" if value else "Tidak")
            elif isinstance(value, int):
                sheet.write_number(last, column, value)
            elif isinstance(value, dt.datetime):
                sheet.write_datetime(last, column, value.replace(tzinfo=None), time_format)
            elif isinstance(value, dt.date):
                sheet.write_datetime(last, column, value, date_format)
            else:
                sheet.write_string(last, column, neutralize(str(value)))
    sheet.autofilter(0, 0, max(last, 1), max(len(headers) - 1, 0))
    book.close()
    return handle.name
