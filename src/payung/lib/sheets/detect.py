"""Recognise a file by its bytes (never by its name) and refuse dangerous ones."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from enum import StrEnum

from payung.lib.sheets.errors import SheetError

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
# What a workbook may expand to once unzipped. A 1,000,000-row XLSX is about
# 500 MB of XML; anything beyond this is refused before calamine touches it.
DEFAULT_MAX_UNCOMPRESSED = 1024 * 1024 * 1024
# Real spreadsheets compress 5-30x; a zip bomb 1000x and more.
MAX_RATIO = 200
RATIO_MIN_SIZE = 16 * 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_NOT_SPREADSHEET = [
    (b"%PDF", "PDF"),
    (b"\x89PNG", "gambar PNG"),
    (b"\xff\xd8\xff", "gambar JPEG"),
    (b"GIF8", "gambar GIF"),
    (b"BM", None),  # checked more carefully below: text may start with "BM"
    (b"Rar!", "arsip RAR"),
    (b"7z\xbc\xaf", "arsip 7z"),
    (b"\x1f\x8b", "arsip gzip"),
    (b"<!DOCTYPE html", "halaman web"),
    (b"<html", "halaman web"),
]


class Format(StrEnum):
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"


def sniff(
    data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED
) -> Format:
    """Return the format of ``data`` or raise :class:`SheetError`."""
    size = len(data)
    if size > max_bytes:
        raise SheetError("file_too_large", size_mb=_mb(size), limit_mb=_mb(max_bytes))
    blank = b" \t\r\n\x00\xef\xbb\xbf"
    if not data[:65536].strip(blank) and not data.strip(blank):  # the full copy only for a blank start
        raise SheetError("empty_file")
    if data.startswith(ZIP_MAGIC):
        return _sniff_zip(data, max_uncompressed)
    if data.startswith(OLE2_MAGIC):
        if _ole2_is_encrypted_ooxml(data):
            raise SheetError("encrypted_workbook")
        return Format.XLS
    for magic, kind in _NOT_SPREADSHEET:
        if data.startswith(magic) and kind:
            raise SheetError("not_spreadsheet", kind=kind)
    if data.startswith(UTF16_BOMS):
        return Format.CSV  # UTF-16 text has a zero byte in every ASCII character: not binary
    head = data[:65536]
    if b"\x00" in head:
        raise SheetError("not_spreadsheet", kind="berkas biner")
    return Format.CSV


def _sniff_zip(data: bytes, max_uncompressed: int) -> Format:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SheetError("corrupt_workbook") from exc
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > max_uncompressed or (info.file_size > RATIO_MIN_SIZE and ratio > MAX_RATIO):
            raise SheetError(
                "zip_bomb", size_mb=_mb(max(total, info.file_size)), limit_mb=_mb(max_uncompressed)
            )
    _inflate_counting(data, infos, max_uncompressed)
    names = {info.filename for info in infos}
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype").strip()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise SheetError("corrupt_workbook") from exc
        if mimetype.startswith(ODS_MIMETYPE):
            return Format.ODS
        raise SheetError("not_spreadsheet", kind="dokumen OpenDocument bukan lembar kerja")
    if "[Content_Types].xml" in names:
        if any(name.startswith("xl/") for name in names):
            return Format.XLSX
        if any(name.startswith("word/") for name in names):
            raise SheetError("not_spreadsheet", kind="dokumen Word")
        if any(name.startswith("ppt/") for name in names):
            raise SheetError("not_spreadsheet", kind="presentasi PowerPoint")
    raise SheetError("not_spreadsheet", kind="arsip ZIP")


# Inflation goes by these steps, so memory stays flat whatever a member holds.
INPUT_CHUNK = 64 * 1024
OUTPUT_CHUNK = 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., file name length, extra field length


def _inflate_counting(data: bytes, infos: list[zipfile.ZipInfo], max_uncompressed: int) -> None:
    """Inflate every member as a reader would, counting its bytes, and stop at the first byte too many.

    The sizes in the ZIP directory are the file's own claim: a zip bomb states 4,000 bytes for a sheet
    that inflates to gigabytes (Python's own reader would stop at the stated size and trust it; calamine
    need not). What counts is what comes out of the inflater: more than the member's stated size is a
    forged size (``zip_bomb`` worded ``zip_size_forged``), more than ``max_uncompressed`` in all is a bomb (``zip_bomb``).
    Nothing is kept: each output step is counted and dropped.
    """
    view = memoryview(data)
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        if info.compress_type == zipfile.ZIP_STORED:
            total += info.compress_size  # stored bytes cannot expand
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            total += _inflated_size(view, info, max_uncompressed - total)
        else:  # bzip2, lzma, deflate64: not what spreadsheet programs write
            raise SheetError("corrupt_workbook")
        if total > max_uncompressed:
            raise SheetError("zip_bomb", size_mb=_mb(total), limit_mb=_mb(max_uncompressed))


def _inflated_size(view: memoryview, info: zipfile.ZipInfo, budget: int) -> int:
    """The inflated size of one deflated member, counted up to ``budget`` (then the count so far)."""
    try:
        signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(view, info.header_offset)
    except struct.error as exc:
        raise SheetError("corrupt_workbook") from exc
    if signature != b"PK\x03\x04":
        raise SheetError("corrupt_workbook")
    position = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pending: bytes | memoryview = b""
    seen = 0
    try:
        while not inflater.eof:
            if not pending:
                if position >= len(view):
                    raise SheetError("corrupt_workbook")  # the stream ends before its end marker
                pending = view[position : position + INPUT_CHUNK]
                position += len(pending)
            seen += len(inflater.decompress(pending, OUTPUT_CHUNK))
            pending = inflater.unconsumed_tail
            if seen > info.file_size:
                declared = f"{info.file_size:,}".replace(",", ".")
                raise SheetError("zip_bomb", wording="zip_size_forged", declared=declared)
            if seen > budget:
                return seen
    except zlib.error as exc:
        raise SheetError("corrupt_workbook") from exc
    return seen


def _ole2_is_encrypted_ooxml(data: bytes) -> bool:
    """A password-protected .xlsx is an OLE2 box holding an ``EncryptedPackage`` stream."""
    return "EncryptedPackage".encode("utf-16-le") in data or ("EncryptionInfo".encode("utf-16-le") in data)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
