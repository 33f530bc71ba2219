"""The pack as XLSX: one sheet per section, numbers as numbers (Indonesian formats: 31.442, 13,85,
Rp1.000), native Excel charts for the trend and the gaps drawn from a data block beside the tables.

Text cells go through `lib.xlsx.neutralize` (no formula from a name); "< 5" stays text."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import xlsxwriter

from payung.lib.xlsx import neutralize

from .pack import COUNT, MONTH, PERCENT, RUPIAH, Pack, PackTable, Section

# [$-421] is Indonesian: month names and the separators a reader in Indonesia expects.
FORMATS = {
    COUNT: "[$-421]#,##0",
    PERCENT: "[$-421]0.00",
    RUPIAH: '[$-421]"Rp"#,##0',
    MONTH: "[$-421]mmmm yyyy",
}
CHART_COLUMN = 12  # the charts' data blocks start at column M


def pack_xlsx(pack: Pack) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    styles = {
        "title": book.add_format({"bold": True, "font_size": 13}),
        "heading": book.add_format({"bold": True}),
        "header": book.add_format({"bold": True, "bg_color": "#EEF2F7", "text_wrap": True, "valign": "top"}),
        "note": book.add_format({"italic": True, "font_color": "#555555"}),
        **{kind: book.add_format({"num_format": pattern}) for kind, pattern in FORMATS.items()},
    }
    for section in pack.sections:
        _sheet(book, styles, pack, section)
    book.close()
    return buffer.getvalue()


def _sheet_name(section: Section) -> str:
    # "1. Ringkasan" -> "Ringkasan"; sheet names stop at 31 characters and refuse : \ / ? * [ ]
    name = section.title.split(". ", 1)[-1].split(":")[0]
    for bad in "\\/?*[]":
        name = name.replace(bad, " ")
    return name[:31]


def _write_value(sheet, row: int, column: int, value: object, kind: str, styles) -> None:
    if value is None:
        return
    if isinstance(value, bool) or isinstance(value, str):
        sheet.write_string(row, column, neutralize(str(value)))
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, value, styles[MONTH])
    elif isinstance(value, (int, Decimal, float)):
        sheet.write_number(row, column, float(value), styles.get(kind, styles[COUNT]))
    else:
        sheet.write_string(row, column, neutralize(str(value)))


def _table(sheet, styles, row: int, table: PackTable) -> int:
    sheet.write_string(row, 0, neutralize(table.title), styles["heading"])
    row += 1
    if not table.rows:
        sheet.write_string(row, 0, neutralize(table.empty or "Tidak ada data."), styles["note"])
        return row + 2
    for column, header in enumerate(table.headers):
        sheet.write_string(row, column, neutralize(header), styles["header"])
    for values in table.rows:
        row += 1
        for column, value in enumerate(values):
            _write_value(sheet, row, column, value, table.kinds[column], styles)
    row += 1
    if table.note:
        sheet.write_string(row, 0, neutralize(table.note), styles["note"])
        row += 1
    return row + 1


def _sheet(book, styles, pack: Pack, section: Section) -> None:
    sheet = book.add_worksheet(_sheet_name(section))
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 10, 16)
    sheet.write_string(0, 0, neutralize(f"{pack.region.name} · {pack.year}"), styles["title"])
    sheet.write_string(1, 0, neutralize(section.title), styles["heading"])
    row = 3
    if section.empty:
        sheet.write_string(row, 0, neutralize(section.empty), styles["note"])
        row += 2
    for paragraph in section.paragraphs:
        sheet.write_string(row, 0, neutralize(paragraph))
        row += 1
    row += 1 if section.paragraphs else 0
    chart_row = row
    for table in section.tables:
        row = _table(sheet, styles, row, table)
    for index, chart in enumerate(section.charts):
        _native_chart(book, sheet, styles, section, chart, index, max(row, chart_row) + 1 + 18 * index)


def _native_chart(book, sheet, styles, section: Section, chart, index: int, place_row: int) -> None:
    """The chart's data as a block at column M onwards, and an Excel chart over it."""
    first_column = CHART_COLUMN + index * (len(chart.series) + 2)
    sheet.write_string(0, first_column, neutralize(chart.title), styles["heading"])
    sheet.write_string(1, first_column, "")
    for offset, (name, _values) in enumerate(chart.series, start=1):
        sheet.write_string(1, first_column + offset, neutralize(name), styles["header"])
    for row, label in enumerate(chart.labels, start=2):
        sheet.write_string(row, first_column, neutralize(label))
        for offset, (_name, values) in enumerate(chart.series, start=1):
            value = values[row - 2]
            if value is not None:
                sheet.write_number(
                    row, first_column + offset, value, styles[PERCENT if chart.kind == "line" else COUNT]
                )
    last = 1 + len(chart.labels)
    name = sheet.get_name()
    excel = book.add_chart({"type": "line" if chart.kind == "line" else "bar"})
    for offset, (series_name, _values) in enumerate(chart.series, start=1):
        spec = {
            "name": series_name,
            "categories": [name, 2, first_column, last, first_column],
            "values": [name, 2, first_column + offset, last, first_column + offset],
        }
        if chart.kind == "line" and offset > 1:
            spec["line"] = {"dash_type": "dash"}
        excel.add_series(spec)
    excel.set_title({"name": chart.title})
    if chart.kind == "bar":
        excel.set_y_axis({"reverse": True})  # largest first, as ranked
        excel.set_legend({"none": True})
    excel.set_size({"width": 640, "height": 320})
    sheet.insert_chart(place_row, 0, excel)
