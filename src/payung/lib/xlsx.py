"""The one XLSX writer: a header row and rows of plain values, formula-safe text, constant memory.

Values are written by type: int as a number, Decimal as a number with two decimals, date as
dd/mm/yyyy, bool as Ya/Tidak, None as an empty cell, anything else as text that Excel cannot run
(`neutralize`). Every table of the lifecycle and of coverage is written here.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal

import xlsxwriter

# A cell starting with one of these would run as a formula in Excel or LibreOffice (OWASP's list for
# CSV/formula injection: tab and carriage return too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: str) -> str:
    """Text that would run as a formula keeps a leading apostrophe, which makes it text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def streaming_workbook(path: str) -> xlsxwriter.Workbook:
    """A workbook written row by row to ``path`` in constant memory, text never read as a number,
    formula or link: for a layout of its own (the import's error report), with :func:`neutralize`."""
    return xlsxwriter.Workbook(
        path,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )


def _write(
    book,
    sheet_name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    preamble: Sequence[str],
    note: str,
    thousands: bool,
    column_width: int | None,
) -> None:
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True})
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    decimals = book.add_format({"num_format": "0.00"})
    whole = book.add_format({"num_format": "#,##0"}) if thousands else None
    first = 0
    for first, line in enumerate(preamble):
        sheet.write_string(first, 0, neutralize(str(line)), bold if first == 0 else None)
    top = first + 2 if preamble else 0
    sheet.write_row(top, 0, [str(header) for header in headers], bold)
    last = top
    for last, row in enumerate(rows, start=top + 1):
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_string(last, column, "Ya" if value else "Tidak")
            elif isinstance(value, int):
                sheet.write_number(last, column, value, whole)
            elif isinstance(value, Decimal):
                sheet.write_number(last, column, float(value), decimals)
            elif isinstance(value, dt.date):
                sheet.write_datetime(last, column, value, dates)
            else:
                sheet.write_string(last, column, neutralize(str(value)))
    if note:
        sheet.write_string(last + 2, 0, neutralize(str(note)))
    if column_width:
        sheet.set_column(0, max(len(headers) - 1, 0), column_width)
    else:
        sheet.autofilter(top, 0, max(last, top + 1), max(len(headers) - 1, 0))


def write_xlsx_file(
    sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence[object]], *, preamble: Sequence[str] = ()
) -> str:
    """Rows streamed to a temporary file (constant memory: any number of rows); returns its path."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115 - the caller streams it
    handle.close()
    book = xlsxwriter.Workbook(handle.name, {"constant_memory": True, "strings_to_numbers": False})
    _write(book, sheet_name, headers, rows, preamble=preamble, note="", thousands=False, column_width=None)
    book.close()
    return handle.name


def write_xlsx_bytes(
    sheet_name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    preamble: Sequence[str] = (),
    note: str = "",
) -> bytes:
    """A small table (aggregates) in memory, numbers with the thousands separator."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    _write(book, sheet_name, headers, rows, preamble=preamble, note=note, thousands=True, column_width=16)
    book.close()
    return buffer.getvalue()


def write_xlsx_sheets_file(sheets: Sequence[tuple[str, Iterable[Sequence[object]]]]) -> str:
    """Several sheets of rows written as they are, every cell as text (another system's import format,
    e.g. OpenSID's "Program" and "Peserta" sheets, whose own reader takes text); returns the file's path."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115 - the caller streams it
    handle.close()
    book = xlsxwriter.Workbook(handle.name, {"constant_memory": True, "strings_to_numbers": False})
    for name, rows in sheets:
        sheet = book.add_worksheet(name[:31])
        for number, row in enumerate(rows):
            for column, value in enumerate(row):
                if value is not None and value != "":
                    sheet.write_string(number, column, neutralize(str(value)))
    book.close()
    return handle.name
