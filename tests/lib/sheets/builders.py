"""Make ugly worker lists in memory, as offices send them."""

from __future__ import annotations

import datetime as dt
import io
import pathlib
import re
import zipfile
from xml.sax.saxutils import escape

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

FILES = pathlib.Path(__file__).parent / "files"

# A first sheet of instructions some offices keep in front of the list.
NOTE = "Isi NIK dengan 16 angka, tanpa titik atau spasi."
NOTE_RANGE = "A1:J9"

# Sheets with merged cells, each read alike from XLSX, XLS and ODS. Keyword
# arguments of :func:`xlsx` and :func:`ods`; files/make_xls.py writes the same
# sheets as files/merged_<case>.xls (no maintained library writes .xls).
MERGE_CASES: dict[str, dict[str, object]] = {
    # A "Kode Desa" cell merged down over two workers.
    "village": {
        "rows": [ROWS[0], [*ROWS[1][:5], None, *ROWS[1][6:]]],
        "merges": [("F4:F5", "32.03.01.2001")],
    },
    # A group title merged over its two sub-columns, with the details in a second header row.
    "group_header": {
        "header": ["No", "NIK", "Nama", "Jenis Kelamin", "Kelahiran", None, "Kode Desa"],
        "rows": [
            [None, None, None, None, "Tempat", "Tanggal", None],
            ["1", "3203010101800001", "Budi", "L", "Solok", "01/01/1980", "3203012001"],
        ],
        "merges": [("E3:F3", "Kelahiran")],
    },
    # The usual printed form: single headers merged down over the second header row.
    "header_merged_down": {
        "header": ["No", "NIK", "Nama", "Tempat/Tgl Lahir", None, "Kode Desa"],
        "rows": [
            [None, None, None, "Tempat", "Tanggal", None],
            [1, "3203010101800001", "Budi", "Solok", "01/01/1980", "3203012001"],
            [2, "3203014202850002", "Siti", "Padang", "02/02/1985", "3203012001"],
        ],
        "merges": [
            ("A3:A4", "No"),
            ("B3:B4", "NIK"),
            ("C3:C4", "Nama"),
            ("D3:E3", "Tempat/Tgl Lahir"),
            ("F3:F4", "Kode Desa"),
        ],
    },
    # A "JUMLAH" total merged across the row, blank rows before it, signatures after.
    "total": {
        "rows": [
            ROWS[0],
            [None] * 10,
            [None] * 10,
            ROWS[1],
            [None] * 10,
            ["JUMLAH", None, None, None, None, None, None, None, "2.500.000", None],
            [None, None, "Mengetahui,"],
            [None, None, "Kepala Desa"],
        ],
        "merges": [("A12:H12", "JUMLAH")],
    },
    # The list on the second sheet, behind a sheet of instructions in one big merged cell.
    "second_sheet": {
        "note_sheet": True,
        "rows": [ROWS[0], [*ROWS[1][:5], None, *ROWS[1][6:]]],
        "merges": [("F4:F5", "32.03.01.2001")],
    },
    # A table that starts in column B, so the sheet's columns and the read ones differ by one.
    "second_column": {
        "title_rows": 0,
        "header": [None, *HEADER[:6]],
        "rows": [[None, *ROWS[0][:6]], [None, *ROWS[1][:5], None]],
        "merges": [("G2:G3", "32.03.01.2001")],
    },
}


def xlsx(
    rows: list[list[object]],
    *,
    title_rows: int = 2,
    header: list[str] = HEADER,
    merges: list[tuple[str, object]] = (),
    numeric_nik: bool = False,
    note_sheet: bool = False,
) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    if note_sheet:
        book.add_worksheet("Petunjuk").merge_range(NOTE_RANGE, NOTE)
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


def ods(
    rows: list[list[object]],
    *,
    title_rows: int = 2,
    header: list[str] = HEADER,
    merges: list[tuple[str, object]] = (),
    note_sheet: bool = False,
) -> bytes:
    """The sheet :func:`xlsx` makes, written the way LibreOffice writes an ODS.

    A merged range is its top-left cell spanning the rest, which are
    ``covered-table-cell`` elements; runs of equal empty cells and rows are
    "repeated", and the sheet runs on to LibreOffice's last row and column.
    """
    grid: dict[tuple[int, int], object] = {}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(title_rows):
        grid[i, 0] = f"DAFTAR CALON PESERTA {i + 1}"
        spans[i, 0] = (1, len(header))
    for c, text in enumerate(header):
        grid[title_rows, c] = text
    for r, row in enumerate(rows, start=title_rows + 1):
        for c, value in enumerate(row):
            grid[r, c] = value
    for ref, value in merges:
        (r1, c1), (r2, c2) = (_ref(part) for part in ref.split(":"))
        grid[r1, c1] = value
        spans[r1, c1] = (r2 - r1 + 1, c2 - c1 + 1)
    tables = [_ods_table("Sheet1", grid, spans)]
    if note_sheet:
        (r1, c1), (r2, c2) = (_ref(part) for part in NOTE_RANGE.split(":"))
        tables.insert(0, _ods_table("Petunjuk", {(r1, c1): NOTE}, {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1)}))
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {_ODS_NAMESPACES} office:version="1.3">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return buffer.getvalue()


_ODS_NAMESPACES = " ".join(
    f'xmlns:{prefix}="urn:oasis:names:tc:opendocument:xmlns:{name}:1.0"'
    for prefix, name in [("office", "office"), ("table", "table"), ("text", "text")]
)


def _ods_table(
    name: str, grid: dict[tuple[int, int], object], spans: dict[tuple[int, int], tuple[int, int]]
) -> str:
    """One sheet: ``grid`` holds the values, ``spans`` the (rows, columns) each merged top-left cell spans."""
    covered = {
        (r, c)
        for (r1, c1), (height, width) in spans.items()
        for r in range(r1, r1 + height)
        for c in range(c1, c1 + width)
        if (r, c) != (r1, c1)
    }
    last_row = max(r for r, _ in [*grid, *covered])
    width = max(c for _, c in [*grid, *covered]) + 1
    rows: list[str] = []
    for r in range(last_row + 1):
        cells = [_ods_cell(grid.get((r, c)), spans.get((r, c)), (r, c) in covered) for c in range(width)]
        rows.append(
            f"<table:table-row>{_repeated(cells, 'columns')}{_empty_cells(1024 - width)}</table:table-row>"
        )
    rest = f'<table:table-row table:number-rows-repeated="{1048576 - last_row - 1}">{_empty_cells(1024)}</table:table-row>'
    return (
        f'<table:table table:name="{name}"><table:table-column table:number-columns-repeated="1024"/>'
        f"{_repeated(rows, 'rows')}{rest}</table:table>"
    )


def _ref(ref: str) -> tuple[int, int]:
    letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
    column = 0
    for char in letters:
        column = column * 26 + ord(char) - 64
    return int(digits) - 1, column - 1


def _ods_cell(value: object, span: tuple[int, int] | None, covered: bool) -> str:
    if covered:
        return "<table:covered-table-cell/>"
    spanned = (
        f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"' if span else ""
    )
    if value is None:
        return f"<table:table-cell{spanned}/>"
    if isinstance(value, int | float):
        kind = f'office:value-type="float" office:value="{value}"'
    else:
        kind = 'office:value-type="string"'
    return f"<table:table-cell {kind}{spanned}><text:p>{escape(str(value))}</text:p></table:table-cell>"


def _repeated(elements: list[str], what: str) -> str:
    """Runs of equal cells (or rows) as one element with ``number-columns-repeated`` (``-rows-``)."""
    out: list[str] = []
    for element in elements:
        if out and out[-1][0] == element:
            out[-1][1] += 1
        else:
            out.append([element, 1])
    return "".join(
        element
        if count == 1
        else re.sub(r"^(<[\w:-]+)", rf'\1 table:number-{what}-repeated="{count}"', element)
        for element, count in out
    )


def _empty_cells(count: int) -> str:
    return f'<table:table-cell table:number-columns-repeated="{count}"/>' if count > 0 else ""


def merged(case: str, kind: str) -> bytes:
    """One of :data:`MERGE_CASES` as an XLSX, XLS (written once by files/make_xls.py) or ODS file."""
    if kind == "xls":
        return (FILES / f"merged_{case}.xls").read_bytes()
    return {"xlsx": xlsx, "ods": ods}[kind](**MERGE_CASES[case])


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
