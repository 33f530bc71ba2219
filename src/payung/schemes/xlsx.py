"""Every table of the funding screens as an XLSX download (constant memory, formula-safe text)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.http import FileResponse

from payung.registry.exports import neutralize


def write_xlsx(sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115 - the response streams it
    handle.close()
    book = xlsxwriter.Workbook(handle.name, {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
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
            elif isinstance(value, dt.date):
                sheet.write_datetime(last, column, value, date_format)
            else:
                sheet.write_string(last, column, neutralize(str(value)))
    sheet.autofilter(0, 0, max(last, 1), max(len(headers) - 1, 0))
    book.close()
    return handle.name


def file_response(path: str, filename: str) -> FileResponse:
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=filename)  # noqa: SIM115
    os.unlink(path)  # the open handle keeps the data readable until the response is sent
    return response


def xlsx_response(filename: str, sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence[object]]):
    return file_response(write_xlsx(sheet_name, headers, rows), filename)
