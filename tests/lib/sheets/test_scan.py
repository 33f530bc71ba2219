import io
import struct
import time
import zipfile

import pytest

from payung.lib.sheets import Format, read_sheet
from payung.lib.sheets.ole2 import read_stream
from payung.lib.sheets.scan import ods_merges, scan_sheet, xls_merges

from .builders import FILES, ROWS, ods, xlsx

TITLES_AND_TOTAL = [(0, 0, 0, 9), (1, 0, 1, 9), (9, 0, 9, 7)]


@pytest.mark.parametrize("name", ["messy.xlsx", "messy.xls", "messy.ods"])
def test_it_finds_the_merged_ranges_libreoffice_wrote_in_every_workbook_format(fixtures, name):
    data = (fixtures / name).read_bytes()
    _numeric, merges = scan_sheet(Format(name.rsplit(".", 1)[1]), data, 0, "Data")
    assert sorted(merges) == TITLES_AND_TOTAL


def test_it_reads_an_xls_whose_workbook_is_small_enough_for_the_mini_stream(fixtures):
    data = (fixtures / "messy.xls").read_bytes()
    assert len(read_stream(data, "Workbook")) < 4096  # kept in 64-byte sectors inside the root stream
    assert read_stream(data, "Book") is None
    assert sorted(xls_merges(data, 0, "Data")) == TITLES_AND_TOTAL


def test_a_merge_in_repeated_ods_rows_covers_every_copy():
    # Two identical rows, each merged over G:H, are one <table:table-row number-rows-repeated="2">.
    row = [*ROWS[0][:6], "Petani", None, *ROWS[0][8:]]
    merges = [("G4:H4", "Petani"), ("G5:H5", "Petani")]
    data = ods([row, row], merges=merges)
    assert ods_merges(data, 0) == [(0, 0, 0, 9), (1, 0, 1, 9), (3, 6, 4, 7)]
    sheet = read_sheet(data)
    assert sheet.data.get_column(f"c{sheet.columns['dtsen_decile']}").to_list() == ["Petani", "Petani"]
    assert sheet.data.equals(read_sheet(xlsx([row, row], merges=merges)).data)


def _set_u32(data: bytearray, offset: int, value: int) -> None:
    struct.pack_into("<I", data, offset, value)


def test_an_xls_whose_directory_chain_loops_gives_no_merges_instead_of_hanging():
    data = bytearray((FILES / "merged_village.xls").read_bytes())
    directory, fat = struct.unpack_from("<I", data, 48)[0], struct.unpack_from("<I", data, 76)[0]
    _set_u32(data, (fat + 1) * 512 + 4 * directory, directory)  # the directory's next sector is itself
    assert xls_merges(bytes(data), 0, "Sheet1") == []


def test_an_xls_whose_difat_chain_loops_gives_no_merges_at_once():
    # One more sector, a DIFAT sector naming the allocation table 127 times and then itself as the
    # next DIFAT sector, and a header claiming 100,000 table sectors (olefile 0.47 runs for minutes).
    data = bytearray((FILES / "merged_village.xls").read_bytes())
    fat, difat = struct.unpack_from("<I", data, 76)[0], len(data) // 512 - 1
    data += struct.pack("<128I", *[fat] * 127, difat)
    for offset, value in [(44, 100_000), (68, difat), (72, -(-(100_000 - 109) // 127))]:
        _set_u32(data, offset, value)
    started = time.perf_counter()
    assert xls_merges(bytes(data), 0, "Sheet1") == []
    assert time.perf_counter() - started < 1


def test_a_cut_off_xls_gives_no_merges():
    data = (FILES / "merged_village.xls").read_bytes()
    assert xls_merges(data[:3000], 0, "Sheet1") == []
    assert xls_merges(data[:600], 0, "Sheet1") == []


def test_an_ods_cut_off_or_without_content_gives_no_merges():
    data = ods(ROWS, merges=[("F4:F5", "32.03.01.2001")])
    assert ods_merges(data[: len(data) // 2], 0) == []
    assert ods_merges(data, 5) == []


def test_a_merge_reaching_far_past_the_sheet_fills_only_the_sheet():
    data = ods([ROWS[0], [*ROWS[1][:5], None, *ROWS[1][6:]]], merges=[("F4:F5", "32.03.01.2001")])
    source, target = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as rewritten:
        for info in original.infolist():
            content = original.read(info)
            if info.filename == "content.xml":
                content = content.replace(
                    b'number-rows-spanned="2" table:number-columns-spanned="1"',
                    b'number-rows-spanned="999999999" table:number-columns-spanned="999999999"',
                )
            rewritten.writestr(info, content)
    assert (3, 5, 1000000001, 1000000003) in ods_merges(target.getvalue(), 0)
    sheet = read_sheet(target.getvalue())
    assert sheet.data.get_column("c5").to_list() == ["32.03.01.2001", "32.03.01.2001"]
    assert sheet.data.get_column("c9").to_list() == ["081234567890", "+6281311112222"]


def test_merge_words_typed_into_an_ods_cell_are_text_not_merges():
    typed = 'Budi table:number-columns-spanned="3"'
    rows = [[*ROWS[0][:2], typed, *ROWS[0][3:]], [*ROWS[1][:2], typed, *ROWS[1][3:5], None, *ROWS[1][6:]]]
    merges = [("F4:F5", "32.03.01.2001")]
    assert ods_merges(ods(rows, merges=merges), 0) == [(0, 0, 0, 9), (1, 0, 1, 9), (3, 5, 4, 5)]
    assert read_sheet(ods(rows, merges=merges)).data.equals(read_sheet(xlsx(rows, merges=merges)).data)
