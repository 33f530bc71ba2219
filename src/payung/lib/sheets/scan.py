"""What calamine does not tell about a workbook sheet: merged ranges, and numbers that were NIKs.

Each format is read raw, once, in one streaming pass over the sheet's part of
the file, beside calamine's own parse. Positions are 0-based sheet rows and
columns; a merged range is (first row, first column, last row, last column).
A part that cannot be read gives nothing: the cells themselves are calamine's
business, and a broken file is reported there.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from payung.lib.sheets.detect import Format
from payung.lib.sheets.ole2 import Ole2Error, read_stream

Merge = tuple[int, int, int, int]
_CHUNK = 1 << 22


def scan_sheet(
    fmt: Format, data: bytes, index: int, name: str
) -> tuple[set[tuple[int, int]] | None, list[Merge]]:
    """Merged ranges of sheet ``index`` (called ``name``), and for XLSX its number cells of 12+ characters."""
    if fmt is Format.XLSX:
        return xlsx_scan(data, index)
    if fmt is Format.XLS:
        return None, xls_merges(data, index, name)
    if fmt is Format.ODS:
        return None, ods_merges(data, index)
    return None, []


# ---------------------------------------------------------------- XLSX

_LONG_NUMBER = re.compile(rb"<v>([0-9][0-9.E+]{11,})</v>")
_CELL_START = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"([^>]*)>')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+\d+):([A-Z]+\d+)"')
_TEXT_TYPES = (b't="s"', b't="str"', b't="inlineStr"', b't="b"', b't="e"')


def _whole_tags(stream, boundary: bytes) -> Iterator[tuple[bytes, int]]:
    """The stream in chunks of about 4 MB, as ``(buffer, cut)``: ``buffer[:cut]`` ends before the last
    ``boundary`` (else the last ``<``), so no tag is split; the rest starts the next buffer."""
    tail = b""
    while chunk := stream.read(_CHUNK):
        buffer = tail + chunk
        cut = buffer.rfind(boundary)
        if cut < 0:
            cut = buffer.rfind(b"<")
        if cut < 0:
            cut = len(buffer)
        yield buffer, cut
        tail = buffer[cut:]
    yield tail, len(tail)


def xlsx_scan(data: bytes, index: int) -> tuple[set[tuple[int, int]], list[Merge]]:
    """One streaming pass over a sheet's XML: number cells holding 12+ characters, and merged ranges.

    Number cells with long values are where Excel has turned a NIK or KK into
    a number (and lost its 16th digit).
    """
    numeric: set[tuple[int, int]] = set()
    merges: list[Merge] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        path = _xlsx_sheet_path(archive, index)
        if path is None:
            return numeric, merges
        with archive.open(path) as stream:
            for buffer, cut in _whole_tags(stream, b"<c "):
                for match in _LONG_NUMBER.finditer(buffer, 0, cut):
                    start = buffer.rfind(b"<c ", max(0, match.start() - 400), match.start())
                    cell = _CELL_START.match(buffer, start) if start >= 0 else None
                    if cell and not any(t in cell[3] for t in _TEXT_TYPES):
                        row, column = _cell_ref((cell[1] + cell[2]).decode())
                        numeric.add((row, column))
                for ref in _MERGE.findall(buffer, 0, cut) if b"mergeCell " in buffer else ():
                    (r1, c1), (r2, c2) = (_cell_ref(part.decode()) for part in ref)
                    merges.append((r1, c1, r2, c2))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, zlib.error):
        return set(), []
    return numeric, merges


def _xlsx_sheet_path(archive: zipfile.ZipFile, index: int) -> str | None:
    workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    ids = re.findall(r'<(?:\w+:)?sheet\b[^>]*?r:id="([^"]+)"', workbook)
    if index >= len(ids):
        return None
    for rel in re.findall(r"<Relationship\b[^>]*>", rels):
        if f'Id="{ids[index]}"' in rel:
            target = re.search(r'Target="([^"]+)"', rel)
            if target:
                path = target[1].lstrip("/")
                return path if path.startswith("xl/") else f"xl/{path}"
    return None


def _cell_ref(ref: str) -> tuple[int, int]:
    match = re.match(r"([A-Z]+)(\d+)$", ref)
    if not match:
        raise ValueError(ref)
    column = 0
    for char in match[1]:
        column = column * 26 + ord(char) - 64
    return int(match[2]) - 1, column - 1


# ---------------------------------------------------------------- XLS

# Excel 97-2003 (BIFF8) records: a 2-byte type and a 2-byte length, then the body.
_RECORD = struct.Struct("<HH")
_BOF, _EOF, _BOUNDSHEET, _MERGEDCELLS = 0x0809, 0x000A, 0x0085, 0x00E5
_BIFF8 = 0x0600
_RANGE = struct.Struct("<HHHH")  # first row, last row, first column, last column


def xls_merges(data: bytes, index: int, name: str) -> list[Merge]:
    """The MERGEDCELLS records of the sheet called ``name`` (else the ``index``-th) of an .xls file.

    Older workbooks (Excel 95 and before) cannot merge cells and give nothing.
    """
    try:
        stream = read_stream(data, "Workbook")
        if stream is None:
            return []
        sheets = _xls_sheets(stream)
        offsets = [offset for sheet_name, offset in sheets if sheet_name == name]
        if not offsets and index < len(sheets):
            offsets = [sheets[index][1]]
        return _xls_sheet_merges(stream, offsets[0]) if offsets else []
    except (Ole2Error, ValueError, struct.error):
        return []


def _xls_sheets(stream: bytes) -> list[tuple[str, int]]:
    """(name, where its records start) of every sheet, from the workbook's BOUNDSHEET records."""
    kind, length = _RECORD.unpack_from(stream, 0)
    if kind != _BOF or length < 2 or struct.unpack_from("<H", stream, 4)[0] != _BIFF8:
        return []
    sheets: list[tuple[str, int]] = []
    position = 0
    while position + 4 <= len(stream):
        kind, length = _RECORD.unpack_from(stream, position)
        body = position + 4
        if kind == _EOF:
            break
        if kind == _BOUNDSHEET and length >= 8:
            offset, _state, _type, size, flags = struct.unpack_from("<IBBBB", stream, body)
            text = stream[body + 8 : body + length]
            name = (
                text[: size * 2].decode("utf-16-le", "replace")
                if flags & 1
                else text[:size].decode("latin-1")
            )
            sheets.append((name, offset))
        position = body + length
    return sheets


def _xls_sheet_merges(stream: bytes, start: int) -> list[Merge]:
    """Walk one sheet's records, from its BOF to its EOF (charts inside it have their own BOF/EOF)."""
    merges: list[Merge] = []
    unpack = _RECORD.unpack_from
    position, end, depth = start, len(stream), 0
    while position + 4 <= end:
        kind, length = unpack(stream, position)
        if kind == _MERGEDCELLS and depth == 1 and length >= 2:
            count = min(struct.unpack_from("<H", stream, position + 4)[0], (length - 2) // 8)
            body = stream[position + 6 : position + 6 + count * 8]
            merges.extend((r1, c1, r2, c2) for r1, r2, c1, c2 in _RANGE.iter_unpack(body))
        elif kind == _BOF:
            depth += 1
        elif kind == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif depth == 0:
            return []  # the sheet does not start with a BOF: not where BOUNDSHEET said
        position += 4 + length
    return merges


# ---------------------------------------------------------------- ODS

# content.xml: a table per sheet, rows of cells. A merged range is its top-left
# cell with number-rows-spanned / number-columns-spanned; the cells it covers
# are covered-table-cell elements. Runs of equal rows or cells are written once
# with number-rows-repeated / number-columns-repeated (LibreOffice ends every
# sheet with a row repeated to row 1,048,576 and rows with a cell repeated to
# the last column).
_ODS_TAG = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*)>")
_ODS_TABLE = re.compile(rb"<(/?)table:(table)(?=[\s/>])([^>]*)>")
_ODS_NUMBER = re.compile(rb'table:number-(rows|columns)-(repeated|spanned)="(\d{1,9})"')
_ROW_PREFIXES = (b"<table:table-row", b"<table:table-rows", b"<table:table-row-")
_ROW_REPEATED = re.compile(rb'<table:table-row(?=[\s/>])[^>]*?table:number-rows-repeated="(\d{1,9})"')
_ROW_END = b"</table:table-row>"
_CELLS = (b"table-cell", b"covered-table-cell")
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell(?=[\s/>])")
_ODS_CELL_REPEATED = re.compile(
    rb'<table:(?:covered-)?table-cell(?=[\s/>])[^>]*?table:number-columns-repeated="(\d{1,9})"'
)
# Where counting rows in bulk must stop: a merge, or a table beginning or ending.
_BULK_STOPS = (b"-spanned=", b"<table:table ", b"<table:table>", b"</table:table>")


def ods_merges(data: bytes, index: int) -> list[Merge]:
    """Merged ranges of the ``index``-th sheet of an ODS file, streaming its content.xml."""
    cursor = _OdsCursor(index)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as stream:
            for buffer, cut in _whole_tags(stream, b"<"):
                cursor.feed(buffer, cut)
                if cursor.done:
                    break
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return []
    return cursor.merges


class _OdsCursor:
    """Where in the wanted sheet content.xml has got to, fed a buffer of whole tags at a time."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.tables = 0  # sheets begun so far
        self.depth = 0  # tables open (a cell may, rarely, hold a table of its own)
        self.row = self.column = 0
        self.row_repeat = 1
        self.in_row = False
        self.done = False
        self.merges: list[Merge] = []

    def feed(self, buffer: bytes, end: int) -> None:
        position = 0
        while position < end and not self.done:
            inside = self.depth == 1 and self.tables == self.index + 1
            if inside and not self.in_row:
                position = self._count_rows(buffer, position, end)
            match = (_ODS_TAG if inside else _ODS_TABLE).search(buffer, position, end)
            if match is None:
                return
            position = match.end()
            closing, name, attributes = match[1], match[2], match[3]
            if name == b"table":
                self._table(closing, attributes)
            elif name == b"table-row":
                self._row(closing, attributes)
                if self.in_row:
                    position = self._whole_row(buffer, position, end)
            elif not closing:
                self._cell(name, attributes)

    def _count_rows(self, buffer: bytes, position: int, end: int) -> int:
        """Count the whole rows before the next merge without looking at their cells (most rows merge nothing)."""
        limit = end
        for stop in _BULK_STOPS:
            found = buffer.find(stop, position, limit)
            limit = found if found >= 0 else limit
        last = buffer.rfind(_ROW_END, position, limit)
        if last < 0:
            return position
        after = last + len(_ROW_END)
        # <table:table-row, but not <table:table-rows nor <table:table-row-group.
        starts = [buffer.count(prefix, position, after) for prefix in _ROW_PREFIXES]
        self.row += starts[0] - starts[1] - starts[2]
        if buffer.find(b"number-rows-repeated=", position, after) >= 0:
            self.row += sum(int(n) - 1 for n in _ROW_REPEATED.findall(buffer, position, after))
        return after

    def _whole_row(self, buffer: bytes, position: int, end: int) -> int:
        """A row with a merge in it, looking only at its spanned cells; cell by cell if it does not end here."""
        row_end = buffer.find(_ROW_END, position, end)
        if row_end < 0 or any(buffer.find(tag, position, row_end) >= 0 for tag in _BULK_STOPS[1:3]):
            return position
        while (span := buffer.find(b"-spanned=", position, row_end)) >= 0:
            start = buffer.rfind(b"<", position, span)
            if start >= 0:
                self.column += _columns(buffer, position, start)
            match = _ODS_TAG.match(buffer, start) if start >= 0 else None
            if match is None or match[1] or match[2] not in _CELLS:
                position = span + 1  # words in a cell's text, say
                continue
            self._cell(match[2], match[3])
            position = max(match.end(), span + 1)
        self._end_row()
        return row_end + len(_ROW_END)

    def _table(self, closing: bytes, attributes: bytes) -> None:
        empty = attributes.endswith(b"/")
        if closing:
            self.depth = max(0, self.depth - 1)
            self.done = self.depth == 0 and self.tables == self.index + 1
        elif self.depth == 0:
            self.tables += 1
            self.depth = 0 if empty else 1
            self.done = empty and self.tables == self.index + 1
        elif not empty:
            self.depth += 1

    def _row(self, closing: bytes, attributes: bytes) -> None:
        if closing:
            self._end_row()
            return
        repeat = _numbers(attributes).get((b"rows", b"repeated"), 1)
        self.column = 0
        if attributes.endswith(b"/"):
            self.row += repeat
        else:
            self.row_repeat, self.in_row = repeat, True

    def _end_row(self) -> None:
        self.row += self.row_repeat
        self.row_repeat, self.in_row = 1, False

    def _cell(self, name: bytes, attributes: bytes) -> None:
        if b"number-" not in attributes:
            self.column += 1
            return
        numbers = _numbers(attributes)
        rows = numbers.get((b"rows", b"spanned"), 1)
        columns = numbers.get((b"columns", b"spanned"), 1)
        if name == b"table-cell" and (rows > 1 or columns > 1):
            # A merge in a repeated row is repeated too; the copies are alike, so one range covers them.
            last_row = self.row + self.row_repeat - 1 + rows - 1
            self.merges.append((self.row, self.column, last_row, self.column + columns - 1))
        self.column += numbers.get((b"columns", b"repeated"), 1)


def _columns(buffer: bytes, start: int, end: int) -> int:
    """How many columns the cells starting in ``buffer[start:end]`` fill."""
    repeats = _ODS_CELL_REPEATED.findall(buffer, start, end)
    return len(_ODS_CELL.findall(buffer, start, end)) + sum(int(n) - 1 for n in repeats)


def _numbers(attributes: bytes) -> dict[tuple[bytes, bytes], int]:
    return {(axis, kind): int(value) for axis, kind, value in _ODS_NUMBER.findall(attributes)}
