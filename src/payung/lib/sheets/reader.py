"""Read a worker list (XLSX, XLS, ODS or CSV) into a table of text with row numbers.

The result keeps every cell as text exactly as written (trimmed), the
spreadsheet row number of every data row (1-based, as Excel shows it, title
rows counted), the header text as written and the canonical field of each
recognised column. Parsing values is :mod:`payung.lib.sheets.normalise`'s job.

The header row is found among the first 15 rows, or given by a person
(``header_row``) when the one found is wrong or none is.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import fastexcel
import polars as pl

from payung.lib.sheets.detect import DEFAULT_MAX_BYTES, DEFAULT_MAX_UNCOMPRESSED, Format, sniff
from payung.lib.sheets.errors import SheetError
from payung.lib.sheets.headers import field_for, is_ignored, normalise_header
from payung.lib.sheets.layouts import Layout, recognise
from payung.lib.sheets.scan import Merge, scan_sheet

HEADER_SEARCH_ROWS = 15
ROW = "_row"
NUMERIC_FIELDS = ("nik", "kk_number")
_TOTAL = r"(?i)^\s*(jumlah|total|grand\s*total|jml|sub\s*total)\b"
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_NUMBER_CELL = re.compile(r"[+']?[\d .-]+")  # digits, as a NIK, KK or phone number is written


class HeaderRowError(SheetError):
    """The header row a person chose cannot be used (outside 1-15 or the sheet, blank, no NIK)."""


def rows_offered(error: SheetError) -> list[list[str]]:
    """The first rows of the sheet (up to 15, as text) that ``error`` offers to choose the header row from.

    Empty when the file could not be read that far (not a spreadsheet, broken, empty).
    """
    return list(getattr(error, "top_rows", []))


def _offering(error: SheetError, rows: list[list[str | None]]) -> SheetError:
    error.top_rows = _top(rows)  # type: ignore[attr-defined]
    return error


@dataclass
class Sheet:
    """A worker list as read: text cells, header, recognised columns."""

    format: Format
    sheet_name: str | None
    header_row: int
    headers: list[str]
    fields: dict[int, str]
    data: pl.DataFrame
    numeric: dict[str, pl.Series] = field(default_factory=dict)
    ignored: list[int] = field(default_factory=list)
    # The first rows (up to 15) as text, where a header may be: for a person to choose another.
    top_rows: list[list[str]] = field(default_factory=list)
    # The known layout its headers are (OpenSID, SIAK, DTSEN), or None for a free layout.
    layout: Layout | None = None

    @property
    def columns(self) -> dict[str, int]:
        """Canonical field -> column index."""
        return {name: index for index, name in self.fields.items()}

    @property
    def unrecognised(self) -> list[int]:
        """Columns with a header that matched no field and is not a known extra (e.g. "No")."""
        return [
            i
            for i, text in enumerate(self.headers)
            if text and i not in self.fields and i not in self.ignored
        ]

    def column_header(self, name: str) -> str:
        return self.headers[self.columns[name]]


def col(index: int) -> str:
    return f"c{index}"


def read_sheet(
    data: bytes,
    *,
    extra_headers: Mapping[str, str] | None = None,
    header_row: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
) -> Sheet:
    """Read ``data`` (the file's bytes) or raise :class:`SheetError`.

    ``extra_headers`` maps normalised header text to a field (an operator's
    remembered mapping of columns the synonyms do not know). ``header_row``
    (1-based, as the spreadsheet shows it, 1 to 15) is the header row a person
    chose; it overrides detection. A chosen row outside the first
    15 rows or the sheet, blank, or without a NIK column raises
    :class:`HeaderRowError`.
    """
    if header_row is not None and not 1 <= header_row <= HEADER_SEARCH_ROWS:
        raise HeaderRowError("header_row_invalid", row=header_row, limit=HEADER_SEARCH_ROWS)
    fmt = sniff(data, max_bytes=max_bytes, max_uncompressed=max_uncompressed)
    if fmt is Format.CSV:
        frame = _read_csv(data)
        return _build(fmt, None, frame, {}, extra_headers, header_row)
    return _read_workbook(fmt, data, extra_headers, header_row)


def read_grid(
    data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED
) -> pl.DataFrame:
    """Every cell of the file's first sheet holding data, as text (columns ``c0``, ``c1``, ...).

    For tables that are not worker lists (coverage figures), whose header is their first row: the same
    format detection, limits, encodings and CSV separators as :func:`read_sheet`, without looking for a
    NIK header. Raises :class:`SheetError`.
    """
    fmt = sniff(data, max_bytes=max_bytes, max_uncompressed=max_uncompressed)
    if fmt is Format.CSV:
        frame = _read_csv(data)
    else:
        reader = _open_workbook(data)
        frames = (_load(reader, index, dtypes="string") for index in range(len(reader.sheet_names)))
        frame = next((frame for frame in frames if frame.width), None)
        if frame is None:
            raise SheetError("no_sheet")
        _check_width(frame.width)
        frame = _rename(frame)
    if frame.width == 0 or frame.height == 0:
        raise SheetError("empty_file")
    return frame


# ---------------------------------------------------------------- workbooks


def _open_workbook(data: bytes) -> fastexcel.ExcelReader:
    try:
        return fastexcel.read_excel(data)
    except Exception as exc:  # calamine raises several types for broken files
        text = str(exc).lower()
        if "password" in text or "encrypt" in text or "protected" in text:
            raise SheetError("encrypted_workbook") from exc
        raise SheetError("corrupt_workbook") from exc


def _load(reader: fastexcel.ExcelReader, index: int, **kwargs: object) -> pl.DataFrame:
    try:
        frame = reader.load_sheet(index, header_row=None, skip_rows=0, **kwargs).to_polars()
    except Exception as exc:
        raise SheetError("corrupt_workbook") from exc
    return frame


def _read_workbook(
    fmt: Format, data: bytes, extra: Mapping[str, str] | None, header_row: int | None
) -> Sheet:
    reader = _open_workbook(data)
    names = reader.sheet_names
    if not names:
        raise SheetError("no_sheet")
    first_error: SheetError | None = None
    # Without a NIK header anywhere: the first sheet that looks like a table, else the first with anything.
    likeliest: _Loaded | None = None
    first: _Loaded | None = None
    # The raw pass over the first sheet (merged ranges; number-stored NIKs in XLSX) runs beside
    # calamine's parse of it (calamine lets go of the GIL).
    first_scan = _scanner().submit(scan_sheet, fmt, data, 0, names[0])
    for index, name in enumerate(names):
        # calamine parses the whole sheet on every load, so the sheet is loaded once, as text.
        try:
            loaded = reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string")
            columns = loaded.available_columns()
            frame = loaded.to_polars()
        except Exception:  # noqa: BLE001 - any calamine failure means a broken sheet
            first_error = first_error or SheetError("corrupt_workbook")
            continue
        if frame.width == 0:
            continue
        _check_width(frame.width)
        offset = columns[0].absolute_index if columns else 0
        sheet = _Loaded(index, name, _rename(frame), offset)
        rows = _rows(sheet.frame)
        if _find_header(rows, extra) is not None:
            return _finish(fmt, data, reader, sheet, extra, header_row, first_scan)
        first = first or sheet
        if likeliest is None and _likeliest_header(rows) is not None:
            likeliest = sheet
    target = likeliest or first
    if header_row is not None and target is not None:
        # The person chose the header row of the sheet they were shown: the one the error below offers.
        return _finish(fmt, data, reader, target, extra, header_row, first_scan)
    if first_error is not None:
        raise first_error
    raise _no_nik_column(_rows(target.frame) if target is not None else [])


@dataclass
class _Loaded:
    """One sheet of a workbook, loaded as text: its index, name, cells and first column's position."""

    index: int
    name: str
    frame: pl.DataFrame
    offset: int


def _finish(
    fmt: Format,
    data: bytes,
    reader: fastexcel.ExcelReader,
    loaded: _Loaded,
    extra: Mapping[str, str] | None,
    header_row: int | None,
    first_scan: Future[tuple[set[tuple[int, int]] | None, list[Merge]]],
) -> Sheet:
    """Fill the sheet's merged cells, find its table and flag its number-stored NIKs."""
    index, name, offset = loaded.index, loaded.name, loaded.offset
    numeric_cells, merges = first_scan.result() if index == 0 else scan_sheet(fmt, data, index, name)
    frame = _fill_merges(loaded.frame, merges, offset)
    sheet = _build(fmt, name, frame, {}, extra, header_row)
    if numeric_cells is not None:
        sheet.numeric = _flags_from_cells(sheet, numeric_cells, offset)
    else:
        sheet.numeric = _numeric_flags(reader, index, sheet)
    return sheet


_SCANNER: ThreadPoolExecutor | None = None


def _scanner() -> ThreadPoolExecutor:
    global _SCANNER  # noqa: PLW0603 - one thread per process, made when first needed
    if _SCANNER is None:
        _SCANNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sheet-scan")
    return _SCANNER


def _no_nik_column(rows: list[list[str | None]]) -> SheetError:
    """The error, carrying the likeliest header row so a person can say which column is the NIK.

    It offers the first rows too (:func:`rows_offered`), for the person to choose another header row.
    """
    best = _likeliest_header(rows)
    if best is None:
        return _offering(SheetError("no_nik_column"), rows)
    headers = [_cell(v) for v in rows[best]]
    return _offering(SheetError("no_nik_column", header_row=best + 1, headers=headers), rows)


def _likeliest_header(rows: list[list[str | None]]) -> int | None:
    """The row of the first 15 with the most short text cells (at least two), numbers not counted."""
    best, best_count = None, 1
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [_cell(v) for v in row]
        count = sum(1 for t in texts if t and len(t) <= 60 and not re.fullmatch(r"[\d.,'\s/-]+", t))
        if count > best_count:
            best, best_count = index, count
    return best


def _top(rows: list[list[str | None]]) -> list[list[str]]:
    """The first 15 rows as text (trailing empty cells dropped), for a person to choose the header row."""
    top = []
    for row in rows[:HEADER_SEARCH_ROWS]:
        texts = [_cell(v) for v in row]
        while texts and not texts[-1]:
            texts.pop()
        top.append(texts)
    return top


def _flags_from_cells(sheet: Sheet, cells: set[tuple[int, int]], offset: int) -> dict[str, pl.Series]:
    flags: dict[str, pl.Series] = {}
    rows = sheet.data.get_column(ROW)
    for name in NUMERIC_FIELDS:
        if name in sheet.columns:
            column = sheet.columns[name] + offset
            numeric_rows = [r + 1 for r, c in cells if c == column]
            flags[name] = rows.is_in(numeric_rows)
    return flags


def _numeric_flags(reader: fastexcel.ExcelReader, index: int, sheet: Sheet) -> dict[str, pl.Series]:
    """Which NIK and KK cells the workbook stored as numbers rather than text (XLS, ODS).

    calamine turns a number cell into ``True`` when asked for a boolean and a
    text cell into null, which tells the two apart (at the cost of a second parse).
    """
    wanted = [sheet.columns[name] for name in NUMERIC_FIELDS if name in sheet.columns]
    if not wanted:
        return {}
    frame = _load(reader, index, use_columns=wanted, dtypes=dict.fromkeys(wanted, "boolean"))
    rows = sheet.data.get_column(ROW) - 1
    flags: dict[str, pl.Series] = {}
    for position, name in enumerate(name for name in NUMERIC_FIELDS if name in sheet.columns):
        values = frame.to_series(position).is_not_null()
        inside = rows.filter(rows < len(values)).cast(pl.UInt32)
        flags[name] = values.gather(inside).extend_constant(False, len(rows) - len(inside))
    return flags


def _fill_merges(frame: pl.DataFrame, merges: list[Merge], offset: int) -> pl.DataFrame:
    """Give every empty cell of a merged range the value of its top-left cell (XLSX, XLS and ODS alike).

    ``merges`` are sheet positions; ``offset`` is the sheet column of the frame's first column.
    """
    if not merges:
        return frame
    columns = {name: frame.get_column(name).to_list() for name in frame.columns}
    height, width = frame.height, frame.width
    for r1, c1, r2, c2 in merges:
        top_left = col(c1 - offset)
        if top_left not in columns or r1 >= height:
            continue
        value = columns[top_left][r1]
        for c in range(c1 - offset, min(c2 - offset, width - 1) + 1):
            cells = columns[col(c)]
            for r in range(r1, min(r2, height - 1) + 1):
                if cells[r] is None:
                    cells[r] = value
    return pl.DataFrame({name: pl.Series(name, cells, dtype=pl.String) for name, cells in columns.items()})


def _rename(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.rename({name: col(i) for i, name in enumerate(frame.columns)})


# ---------------------------------------------------------------- CSV

# A list has one line per person: a text without a line end in its first megabyte is no list.
LINE_END_WITHIN = 1024 * 1024
_LINE_END = re.compile(rb"[\r\n]")
# No worker list has this many columns (the registry knows 15 fields); a 200,000-column file is refused
# before a table that wide is built.
MAX_COLUMNS = 1000


def _check_width(width: int) -> None:
    if width > MAX_COLUMNS:
        raise SheetError("too_many_columns", columns=f"{width:,}".replace(",", "."), limit=MAX_COLUMNS)


# A sequence UTF-8 would write for a letter beyond ASCII; Windows-1252 text (Excel's "CSV" on Windows)
# has none of them in practice, so a file holding them is UTF-8, broken where it is not.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _decode(data: bytes) -> bytes:
    """The CSV's text as UTF-8: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252.

    Bytes that fit none of them are refused, never replaced: a name stored garbled is worse than a file
    sent back. UTF-8 broken in places (two files joined, a cut) is refused naming its first bad line.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise SheetError("bad_encoding") from exc
    utf8 = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        utf8.decode("utf-8")
        return utf8
    except UnicodeDecodeError as exc:
        if data is not utf8 or _UTF8_SEQUENCE.search(data):
            raise SheetError("broken_utf8", line=utf8.count(b"\n", 0, exc.start) + 1) from exc
    try:
        return data.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError as exc:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: no character in Windows-1252
        raise SheetError("bad_encoding") from exc


def _sniff_separator(lines: list[str]) -> str:
    best, best_score = ",", -1
    for separator in (";", ",", "\t", "|"):
        counts = [len(row) for row in csv.reader(lines, delimiter=separator) if any(c.strip() for c in row)]
        common = Counter(n for n in counts if n > 1).most_common(1)
        score = common[0][0] * common[0][1] if common else 0
        if score > best_score:
            best, best_score = separator, score
    return best


def _read_csv(data: bytes) -> pl.DataFrame:
    text = _decode(data)
    head = text[:65536].decode("utf-8", "replace").splitlines()[: HEADER_SEARCH_ROWS + 20]
    separator = _sniff_separator(head)
    width = max((len(row) for row in csv.reader(head, delimiter=separator)), default=1)
    # The first line up to its end or the first megabyte (a very wide one is longer than the sample):
    # separators in quotes counted too, so at least the width; past the limit nothing is parsed.
    line_end = _LINE_END.search(text, 0, LINE_END_WITHIN)
    first_line = memoryview(text)[: line_end.start() if line_end else LINE_END_WITHIN]
    _check_width(max(width, bytes(first_line).count(separator.encode()) + 1))
    if line_end is None and len(text) > LINE_END_WITHIN:
        raise SheetError("no_line_end", limit_mb=LINE_END_WITHIN // (1024 * 1024))
    schema = {col(i): pl.String for i in range(width)}
    try:
        frame = pl.read_csv(
            text,
            has_header=False,
            schema=schema,
            separator=separator,
            missing_columns="insert",
            truncate_ragged_lines=True,
            raise_if_empty=False,
            quote_char='"',
        )
    except pl.exceptions.PolarsError as exc:
        raise SheetError("corrupt_workbook") from exc
    return frame


# ---------------------------------------------------------------- header and rows


def _rows(frame: pl.DataFrame) -> list[list[str | None]]:
    return [list(row) for row in frame.head(HEADER_SEARCH_ROWS + 2).iter_rows()]


def _is_long_number(text: str) -> bool:
    return bool(_NUMBER_CELL.fullmatch(text)) and sum(c.isdigit() for c in text) >= 9


def _cell(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _find_header(rows: list[list[str | None]], extra: Mapping[str, str] | None) -> int | None:
    best, best_score = None, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {field_for(_cell(value), extra) for value in row} - {None}
        if "nik" in found and len(found) > best_score:
            best, best_score = index, len(found)
    return best


def _chosen_header(rows: list[list[str | None]], height: int, header_row: int) -> int:
    """The index of the header row a person chose, if the sheet has it and it is not blank."""
    if header_row > height:
        raise _offering(HeaderRowError("header_row_outside", row=header_row, rows=height), rows)
    if not any(_cell(value) for value in rows[header_row - 1]):
        raise _offering(HeaderRowError("header_row_blank", row=header_row), rows)
    # A row holding a NIK or a phone number is a person, not headers: its cells would be offered as
    # column names and, once mapped, remembered with the operator's mapping.
    if any(_is_long_number(_cell(value)) for value in rows[header_row - 1]):
        raise _offering(HeaderRowError("header_row_is_data", row=header_row), rows)
    return header_row - 1


def _build(
    fmt: Format,
    name: str | None,
    frame: pl.DataFrame,
    numeric: dict[str, pl.Series],
    extra: Mapping[str, str] | None,
    header_row: int | None = None,
) -> Sheet:
    if frame.width == 0 or frame.height == 0:
        raise SheetError("empty_file")
    frame = _rename(frame) if not frame.columns[0] == "c0" else frame
    rows = _rows(frame)
    if header_row is None:
        header_index = _find_header(rows, extra)
        if header_index is None:
            raise _no_nik_column(rows)
    else:
        header_index = _chosen_header(rows, frame.height, header_row)
    headers = [_cell(value) for value in rows[header_index]]
    above = rows[header_index - 1] if header_index > 0 else None
    if above is not None and sum(1 for v in above if _cell(v)) >= 2:
        # A header cell merged with the one above keeps its text in the upper row.
        headers = [text or _cell(above[i]) for i, text in enumerate(headers)]
    layout = recognise(headers)
    if layout is not None:
        # The layout's headers, under the operator's own mapping (which wins: it overrides a column).
        extra = {**layout.header_fields(), **(extra or {})}
    fields = _map(headers, extra)
    first_data = header_index + 1
    below = rows[first_data] if first_data < len(rows) else None
    if below is not None and _is_numbering(below):
        first_data += 1
    elif below is not None:
        # A two-row header: group titles above ("Tempat/Tgl Lahir"), details below.
        sub = _map_sub_header(headers, [_cell(v) for v in below], extra)
        new = {i: f for i, f in sub.items() if i not in fields and f not in fields.values()}
        if new and not any(re.fullmatch(r"[\d .']{15,}", _cell(v)) for v in below):
            for i, name_ in new.items():
                headers[i], fields[i] = _cell(below[i]), name_
            first_data += 1
    if "nik" not in fields.values():
        # Only a chosen row gets here: a detected one has a NIK column.
        error = HeaderRowError(
            "no_nik_in_header_row", row=header_index + 1, header_row=header_index + 1, headers=headers
        )
        raise _offering(error, rows)
    skipped = {k for k, v in layout.header_fields().items() if not v} if layout is not None else set()
    ignored = [
        i
        for i, text in enumerate(headers)
        if i not in fields and (is_ignored(text) or normalise_header(text) in skipped)
    ]
    data = frame.with_row_index(ROW, offset=1).slice(first_data)
    data = data.with_columns(pl.col(ROW).cast(pl.Int64))
    data = _clean(data, fields)
    if data.height == 0:  # a header alone (with or without its line end): nothing to check or import
        raise _offering(SheetError("no_rows", header_row=header_index + 1), rows)
    return Sheet(fmt, name, header_index + 1, headers, fields, data, numeric, ignored, _top(rows), layout)


def _map(headers: list[str], extra: Mapping[str, str] | None) -> dict[int, str]:
    fields: dict[int, str] = {}
    for index, text in enumerate(headers):
        name = field_for(text, extra)
        if name and name not in fields.values():
            fields[index] = name
    return fields


def _map_sub_header(groups: list[str], subs: list[str], extra: Mapping[str, str] | None) -> dict[int, str]:
    """Fields of a second header row: "Tanggal" under "Tempat/Tgl Lahir" is the birth date."""
    fields: dict[int, str] = {}
    for index, text in enumerate(subs):
        group = groups[index] if index < len(groups) else ""
        last_word = group.split()[-1] if group.split() else ""
        for candidate in (text, f"{text} {group}", f"{text} {last_word}"):
            name = field_for(candidate, extra) if text else None
            if name and name not in fields.values():
                fields[index] = name
                break
    return fields


def _is_numbering(row: list[str | None]) -> bool:
    """A row of column numbers "1 2 3 ..." or "(1) (2) ..." printed under a header."""
    cells = [_cell(v) for v in row if _cell(v)]
    return len(cells) >= 3 and all(_COLUMN_NUMBER.match(c) for c in cells)


def _clean(data: pl.DataFrame, fields: dict[int, str]) -> pl.DataFrame:
    """Trim cells, drop blank rows, totals and the footer under the table."""
    text_columns = [c for c in data.columns if c != ROW]
    data = data.with_columns(pl.col(c).str.strip_chars().replace("", None) for c in text_columns)
    mapped = [col(i) for i in fields if col(i) in data.columns]
    if not mapped:
        return data.clear()
    filled = pl.sum_horizontal(pl.col(c).is_not_null() for c in mapped)
    nik = next((col(i) for i, name in fields.items() if name == "nik"), None)
    total = pl.any_horizontal(pl.col(c).str.contains(_TOTAL) for c in text_columns)
    no_nik = ~pl.col(nik).str.contains(r"\d{10}").fill_null(False)  # merged "JUMLAH" may cover the NIK cell
    data = data.with_columns(_filled=filled, _total=total.fill_null(False) & no_nik)
    data = data.filter(pl.col("_filled") > 0)
    totals = data.get_column("_total")
    if totals.any():
        # Everything from the first total row down is a footer (totals, signatures).
        first_total = int(totals.arg_max() or 0)
        data = data.head(first_total)
    with_nik = data.get_column(nik).is_not_null()
    if with_nik.any():
        last = len(with_nik) - 1 - int(with_nik.reverse().arg_max() or 0)
        tail = data.slice(last + 1)
        if tail.height and (tail.get_column("_filled") <= 1).all():
            data = data.head(last + 1)
    return data.drop("_filled", "_total")
