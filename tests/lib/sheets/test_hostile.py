"""Hostile files: forged zip sizes (under a memory cap), and text files built to crash the reader."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib

import pytest

from payung.lib.sheets import SheetError, read_sheet

from .builders import ROWS, xlsx

MB = 1024 * 1024


def zeros_deflated(megabytes: int) -> bytes:
    """A raw deflate stream of ``megabytes`` MiB of zeros, built without compressing them all.

    After a full flush each MiB compresses to the same bytes, so one is repeated.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * megabytes + compressor.flush()


def forged_zip(members: list[tuple[str, bytes, int]]) -> bytes:
    """A ZIP of deflated ``(name, stream, stated size)`` members: the sizes it states are whatever we say."""
    out = io.BytesIO()
    directory = []
    for name, stream, stated in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack(
                "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, 0, len(stream), stated, len(encoded), 0
            )
        )
        out.write(encoded + stream)
        directory.append(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                0,
                len(stream),
                stated,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for entry in directory:
        out.write(entry)
    size = out.tell() - start
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), size, start, 0))
    return out.getvalue()


def deflated(text: str) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(text.encode()) + compressor.flush()


def workbook_bomb(megabytes: int = 1024, stated: int = 4000) -> bytes:
    """An XLSX whose sheet states ``stated`` bytes and inflates to ``megabytes`` MiB."""
    return forged_zip(
        [
            ("[Content_Types].xml", deflated("<Types/>"), 8),
            ("xl/workbook.xml", deflated("<workbook/>"), 11),
            ("xl/worksheets/sheet1.xml", zeros_deflated(megabytes), stated),
        ]
    )


def code_of(data: bytes, **kwargs) -> SheetError:
    with pytest.raises(SheetError) as caught:
        read_sheet(data, **kwargs)
    return caught.value


def test_the_forged_zip_is_a_real_zip_whose_directory_states_4000_bytes():
    archive = zipfile.ZipFile(io.BytesIO(workbook_bomb(2)))
    assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 4000
    assert archive.getinfo("xl/worksheets/sheet1.xml").compress_size < 3000


def test_a_zip_bomb_with_a_forged_size_is_refused_as_zip_bomb():
    error = code_of(workbook_bomb(1024))
    assert error.code == "zip_bomb"
    assert "4.000 byte" in error.message


def test_the_reader_stops_at_the_stated_size_without_inflating_the_rest():
    # Past the first 64 KiB of its stream the sheet is garbage: a reader inflating it all would find the
    # stream broken (corrupt_workbook); one that stops counting at the stated size never gets there.
    bomb = bytearray(workbook_bomb(1024))
    start = bomb.index(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 64 * 1024
    bomb[start : start + 500_000] = b"\xff" * 500_000
    assert code_of(bytes(bomb)).code == "zip_bomb"
    assert code_of(bytes(bomb), max_uncompressed=10**12).code == "zip_bomb"


def test_a_member_that_inflates_to_more_than_the_cap_is_refused_even_when_its_size_is_stated_honestly():
    honest = forged_zip(
        [
            ("[Content_Types].xml", deflated("<Types/>"), 8),
            ("xl/worksheets/sheet1.xml", zeros_deflated(64), 64 * MB),
        ]
    )
    assert code_of(honest, max_uncompressed=32 * MB).code == "zip_bomb"


def test_a_broken_deflate_stream_is_a_corrupt_workbook():
    broken = forged_zip([("[Content_Types].xml", b"\xff" * 50, 8), ("xl/workbook.xml", deflated("<w/>"), 4)])
    assert code_of(broken).code == "corrupt_workbook"


def test_a_real_workbook_still_passes_the_count():
    assert read_sheet(xlsx(ROWS)).data.height == len(ROWS)


BOMB_UNDER_A_MEMORY_CAP = textwrap.dedent(
    """
    import resource, sys
    from payung.lib.sheets import SheetError, read_sheet
    data = open(sys.argv[1], "rb").read()
    # The address space this process has now, plus 200 MiB: inflating the 2 GiB sheet into memory
    # (or handing it to calamine unchecked) cannot fit.
    size = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmSize:")) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size + 200 * 1024 * 1024, resource.RLIM_INFINITY))
    try:
        read_sheet(data)
    except SheetError as error:
        print(error.code)
    else:
        print("read")
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_the_zip_reader_refuses_a_2_gib_bomb_under_a_200_mib_memory_cap(tmp_path):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(workbook_bomb(2048))
    done = subprocess.run(
        [sys.executable, "-c", BOMB_UNDER_A_MEMORY_CAP, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "zip_bomb"), done.stderr[-2000:]


# ---------------------------------------------------------------- text files built to crash the reader


def junk_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "sampah")
        archive.writestr("b.bin", bytes(range(256)))
    return buffer.getvalue()


def junk_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "sampah")
        archive.writestr("xl/workbook.xml", "sampah")
        archive.writestr("xl/worksheets/sheet1.xml", "sampah")
    return buffer.getvalue()


HOSTILE = {
    "header, no rows": (b"NIK,Nama\n", "no_rows"),
    "header without a line end": (b"NIK,Nama", "no_rows"),
    "header only, semicolons": (b"NIK;Nama;JK;Tgl Lahir;Kode Desa\r\n", "no_rows"),
    "header and blank rows": (b"NIK;Nama\n;\n;\n", "no_rows"),
    "50 MB without a newline": (b"A" * (50 * MB), "no_line_end"),
    "200,000 columns": (
        (",".join(["NIK", *(f"k{i}" for i in range(200_000))]) + "\n").encode(),
        "too_many_columns",
    ),
    "zip of junk entries": (junk_zip(), "not_spreadsheet"),
    "workbook of junk entries": (junk_workbook(), "corrupt_workbook"),
    "UTF-8 broken by a stray byte": (
        "NIK,Nama\n3203010101800001,Budi\n3203010101800002,Ñoman \xff\n".encode("latin-1").replace(
            b"\xd1", "Ñ".encode()
        ),
        "broken_utf8",
    ),
    "bytes Windows-1252 does not have": (b"NIK,Nama\n3203010101800001,Bud\x81i\n", "bad_encoding"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_each_hostile_file_gets_its_own_answer(name):
    data, code = HOSTILE[name]
    assert code_of(data).code == code


def test_broken_utf8_names_the_line_of_the_first_bad_byte():
    assert "baris 3" in code_of(HOSTILE["UTF-8 broken by a stray byte"][0]).message


def test_a_utf16_csv_with_bom_is_read_not_refused_as_binary():
    for encoding in ("utf-16", "utf-16-be"):
        text = "NIK\tNama\tJK\n3203010101800001\tSiti Nurhaliza\tP\n"
        data = (b"\xfe\xff" if encoding == "utf-16-be" else b"") + text.encode(encoding)
        sheet = read_sheet(data)
        assert sheet.data.get_column("c1").to_list() == ["Siti Nurhaliza"]


def test_a_windows_1252_csv_is_still_read():
    sheet = read_sheet("NIK;Nama\n3203010101800001;Nur\u2019aini\n".encode("cp1252"))
    assert sheet.data.get_column("c1").to_list() == ["Nur\u2019aini"]
