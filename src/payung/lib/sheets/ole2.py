"""Read one stream out of an OLE2 compound file, the box an Excel 97-2003 .xls comes in.

Only what finding merged cells needs (the layout is Microsoft's [MS-CFB]).
The file is an upload, so nothing in it is trusted: every sector chain is
walked a bounded number of steps and every sector must lie inside the file,
so a crafted chain that loops or points outside is refused with
:class:`Ole2Error` instead of hanging or reading past the end.

Not olefile (0.47, the maintained library), because an upload can stall it:
it trusts the header's count of allocation-table sectors, follows a DIFAT
chain that loops, and grows the table by copying it once per sector. A 6 KB
.xls whose DIFAT sector points at itself and claims 100,000 table sectors ran
over 60 s without finishing (20,000: 28 s); a 10 MB one claiming one table
sector per file sector took 7 s, four times longer each time the file doubles.
This module refuses both in 0.1 ms. On a sound 33 MB .xls olefile took 64 ms
to take out the Workbook stream, this module 31 ms.
"""

from __future__ import annotations

import struct
import sys
from array import array

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
END_OF_CHAIN = 0xFFFFFFFE
NO_STREAM = 0xFFFFFFFF
# From offset 30: sector shifts; allocation table size, directory start, (transaction), small-stream
# cutoff, small allocation table start and size, DIFAT start and size.
_HEADER = struct.Struct("<HH10xII4xIIIII")
_ENTRY = struct.Struct("<HBxIII36xII")  # from offset 64 of a directory entry
_ENTRY_SIZE = 128
_STREAM, _ROOT = 2, 5


class Ole2Error(ValueError):
    """The compound file is broken or crafted; nothing is read from it."""


def read_stream(data: bytes, name: str) -> bytes | None:
    """The stream called ``name`` (compared ignoring case) at the top of the file, or None."""
    if not data.startswith(MAGIC) or len(data) < 512:
        raise Ole2Error("not a compound file")
    shift, mini_shift, fat_count, directory, cutoff, mini_fat, mini_fat_count, difat, difat_count = (
        _HEADER.unpack_from(data, 30)
    )
    if shift not in (9, 12) or mini_shift != 6:
        raise Ole2Error("unknown sector size")
    box = _Box(data, shift)
    box.fat = box.table(_fat_sectors(box, data, fat_count, difat, difat_count))
    entries = box.read(directory, None)
    root = _entry(entries, 0)
    if root is None or root[1] != _ROOT:
        raise Ole2Error("no root entry")
    found = _find_child(entries, root[4], name.lower())
    if found is None:
        return None
    start, size = found[5], found[6]
    if size > len(data):
        raise Ole2Error("stream larger than the file")
    if size >= cutoff:
        return box.read(start, size)
    # Small streams live in 64-byte sectors inside the root entry's own stream.
    mini_box = _Box(box.read(root[5], min(root[6], len(data))), mini_shift, header=0)
    mini_box.fat = box.table(box.chain(mini_fat, mini_fat_count))
    return mini_box.read(start, size)


class _Box:
    """Sectors of ``2 ** shift`` bytes after a header of ``header`` sectors, and their allocation table."""

    def __init__(self, data: bytes, shift: int, header: int = 1) -> None:
        self.data = data
        self.size = 1 << shift
        self.header = header
        self.fat: array[int] = array("I")

    def sector(self, sid: int) -> bytes:
        start = (sid + self.header) * self.size
        if start >= len(self.data):
            raise Ole2Error("sector outside the file")
        return self.data[start : start + self.size]

    def chain(self, start: int, count: int | None) -> list[int]:
        """Up to ``count`` sectors from ``start`` (all of them when None), never more than the table holds."""
        limit = len(self.fat) if count is None else min(count, len(self.fat))
        sectors: list[int] = []
        sid = start
        while sid != END_OF_CHAIN and len(sectors) < limit:
            if sid >= len(self.fat):
                raise Ole2Error("chain leaves the allocation table")
            sectors.append(sid)
            sid = self.fat[sid]
        if count is None and sid != END_OF_CHAIN:
            raise Ole2Error("chain without an end")
        return sectors

    def read(self, start: int, size: int | None) -> bytes:
        count = None if size is None else -(-size // self.size)
        content = b"".join(self.sector(sid) for sid in self.chain(start, count))
        return content if size is None else content[:size]

    def table(self, sectors: list[int]) -> array[int]:
        entries = array("I", b"".join(self.sector(sid) for sid in sectors))
        if sys.byteorder == "big":
            entries.byteswap()
        return entries


def _fat_sectors(box: _Box, data: bytes, count: int, difat: int, difat_count: int) -> list[int]:
    """Where the allocation table is: 109 places in the header, the rest in a chain of DIFAT sectors."""
    places = list(struct.unpack_from("<109I", data, 76))
    per_sector = box.size // 4 - 1
    seen: set[int] = set()
    while difat not in (END_OF_CHAIN, NO_STREAM) and len(seen) < difat_count and len(places) < count:
        if difat in seen:
            raise Ole2Error("DIFAT chain loops")
        seen.add(difat)
        *more, difat = struct.unpack(f"<{per_sector + 1}I", box.sector(difat))
        places.extend(more)
    if count > len(places) or count > len(data) // box.size:
        raise Ole2Error("allocation table larger than the file")
    return places[:count]


def _entry(entries: bytes, index: int) -> tuple[str, int, int, int, int, int, int] | None:
    """(name, type, left, right, child, start, size) of directory entry ``index``."""
    offset = index * _ENTRY_SIZE
    if offset + _ENTRY_SIZE > len(entries):
        return None
    name_size, kind, left, right, child, start, size = _ENTRY.unpack_from(entries, offset + 64)
    name = entries[offset : offset + max(0, min(name_size, 64) - 2)].decode("utf-16-le", "replace")
    return name, kind, left, right, child, start, size


def _find_child(entries: bytes, child: int, name: str) -> tuple[str, int, int, int, int, int, int] | None:
    """The stream ``name`` among a storage's children (a tree of left and right siblings)."""
    pending, seen = [child], set()
    while pending:
        index = pending.pop()
        if index in seen:
            continue
        seen.add(index)
        entry = _entry(entries, index)
        if entry is None:
            continue
        if entry[1] == _STREAM and entry[0].lower() == name:
            return entry
        pending.extend((entry[2], entry[3]))
    return None
