import datetime as dt

import pytest

from payung.lib.sheets import ROW, Format, SheetError, normalise, read_sheet
from payung.lib.sheets.reader import HeaderRowError, rows_offered

from .builders import HEADER, MERGE_CASES, ROWS, csv_text, merged, xlsx

TODAY = dt.date(2026, 6, 1)
WORKBOOKS = ["xlsx", "xls", "ods"]


def cells(sheet, field):
    return sheet.data.get_column(f"c{sheet.columns[field]}").to_list()


def test_it_finds_the_header_under_title_rows_and_numbers_rows_as_excel_does():
    sheet = read_sheet(xlsx(ROWS, title_rows=3))
    assert sheet.format is Format.XLSX
    assert sheet.header_row == 4
    assert sheet.data.get_column(ROW).to_list() == [5, 6]
    assert sheet.headers[:3] == ["No.", "NIK", "Nama Lengkap"]
    assert sheet.column_header("monthly_income") == "Penghasilan (Rp)"


def test_it_maps_header_synonyms_ignoring_case_space_and_punctuation():
    header = [
        "NO",
        "nomor induk kependudukan",
        "NAMA  PESERTA",
        "jk",
        "TANGGAL-LAHIR",
        "Kelurahan",
        "PEKERJAAN",
        "desil dtsen",
        "pendapatan per bulan",
        "telepon",
    ]
    sheet = read_sheet(xlsx(ROWS, header=header))
    assert set(sheet.columns) == {
        "nik",
        "name",
        "sex",
        "birth_date",
        "village_name",
        "occupation",
        "dtsen_decile",
        "monthly_income",
        "phone",
    }
    assert sheet.unrecognised == []


def test_it_lists_unrecognised_columns_and_accepts_an_operator_mapping():
    header = [*HEADER[:9], "Kontak Darurat"]
    sheet = read_sheet(xlsx(ROWS, header=header))
    assert sheet.unrecognised == [9]
    sheet = read_sheet(xlsx(ROWS, header=header), extra_headers={"kontakdarurat": "phone"})
    assert sheet.columns["phone"] == 9


@pytest.mark.parametrize("kind", WORKBOOKS)
def test_it_skips_blank_rows_and_drops_the_total_row_and_the_signature_footer(kind):
    sheet = read_sheet(merged("total", kind))
    assert sheet.data.get_column(ROW).to_list() == [4, 7]


def test_a_row_numbered_but_otherwise_empty_counts_as_blank():
    sheet = read_sheet(xlsx([ROWS[0], [2], [3], ROWS[1]]))
    assert sheet.data.get_column(ROW).to_list() == [4, 7]


def test_it_keeps_a_footer_row_that_looks_like_a_worker_without_nik():
    rows = [ROWS[0], [2, None, "Tanpa NIK", "L", "01/01/1990"]]
    assert read_sheet(xlsx(rows)).data.get_column(ROW).to_list() == [4, 5]


@pytest.mark.parametrize("kind", WORKBOOKS)
def test_merged_cells_give_their_value_to_every_cell_they_cover(kind):
    sheet = read_sheet(merged("village", kind))
    assert sheet.format is Format(kind)
    assert cells(sheet, "village_code") == ["32.03.01.2001", "32.03.01.2001"]


@pytest.mark.parametrize("kind", WORKBOOKS)
def test_merged_cells_fill_a_table_that_starts_in_the_second_column(kind):
    sheet = read_sheet(merged("second_column", kind))
    assert sheet.data.get_column(ROW).to_list() == [2, 3]
    assert cells(sheet, "village_code") == ["32.03.01.2001", "32.03.01.2001"]


@pytest.mark.parametrize("kind", WORKBOOKS)
def test_merged_cells_are_read_from_the_sheet_with_the_list_not_the_one_before_it(kind):
    sheet = read_sheet(merged("second_sheet", kind))
    assert sheet.sheet_name == "Sheet1"
    assert cells(sheet, "village_code") == ["32.03.01.2001", "32.03.01.2001"]
    assert cells(sheet, "occupation") == ["Petani", "Pedagang"]


@pytest.mark.parametrize("kind", WORKBOOKS)
def test_header_cells_merged_down_over_the_second_header_row_keep_their_column(kind):
    sheet = read_sheet(merged("header_merged_down", kind))
    assert sheet.header_row == 3
    assert sheet.headers == ["No", "NIK", "Nama", "Tempat", "Tanggal", "Kode Desa"]
    assert sheet.columns == {"nik": 1, "name": 2, "birth_place": 3, "birth_date": 4, "village_code": 5}
    assert sheet.data.get_column(ROW).to_list() == [5, 6]
    assert cells(sheet, "nik") == ["3203010101800001", "3203014202850002"]


@pytest.mark.parametrize("kind", ["xls", "ods"])
@pytest.mark.parametrize("case", list(MERGE_CASES))
def test_xls_and_ods_with_merged_cells_read_exactly_as_xlsx(case, kind):
    expected = read_sheet(merged(case, "xlsx"))
    sheet = read_sheet(merged(case, kind))
    assert (sheet.sheet_name, sheet.header_row, sheet.headers, sheet.fields, sheet.ignored) == (
        expected.sheet_name,
        expected.header_row,
        expected.headers,
        expected.fields,
        expected.ignored,
    )
    assert sheet.data.equals(expected.data)


def test_it_skips_the_column_number_row_under_the_header():
    rows = [list(range(1, 11)), *ROWS]
    assert read_sheet(xlsx(rows)).data.get_column(ROW).to_list() == [5, 6]


@pytest.mark.parametrize("kind", WORKBOOKS)
def test_it_reads_a_two_row_header(kind):
    sheet = read_sheet(merged("group_header", kind))
    assert sheet.columns["birth_date"] == 5
    assert sheet.columns["birth_place"] == 4
    assert sheet.data.get_column(ROW).to_list() == [5]


def test_it_flags_nik_cells_excel_stored_as_numbers():
    rows = [[1, "3203010101800000", "Budi", "L", "01/01/1980", "3203012001"]]
    sheet = read_sheet(xlsx(rows, numeric_nik=True))
    assert sheet.numeric["nik"].to_list() == [True]
    result = normalise(sheet, today=TODAY)
    assert result.errors.filter(field="nik").get_column("code").to_list() == ["nik_as_number"]


def test_real_excel_dates_and_serials_become_dates():
    rows = [
        [1, "3203010101800001", "Budi", "L", dt.date(1980, 1, 1), "3203012001"],
        [2, "3203014202850002", "Siti", "P", 31080, "3203012001"],
    ]
    result = normalise(read_sheet(xlsx(rows)), today=TODAY)
    assert result.rows.get_column("birth_date").to_list() == [dt.date(1980, 1, 1), dt.date(1985, 2, 2)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [",", ";"])
def test_it_reads_csv_in_the_encodings_and_separators_offices_use(encoding, separator):
    rows = [[*ROWS[0][:2], "Désirée Nasution", *ROWS[0][3:]], ROWS[1]]
    data = csv_text(rows, separator=separator).encode(encoding)
    sheet = read_sheet(data)
    assert sheet.format is Format.CSV
    assert sheet.header_row == 3
    assert sheet.data.get_column(ROW).to_list() == [4, 5]
    assert cells(sheet, "name") == ["Désirée Nasution", "Siti Aminah"]
    assert cells(sheet, "nik") == ["3203010101800001", "3203014202850002"]


def test_it_reads_scientific_nik_from_a_semicolon_csv_as_an_error_not_a_number():
    data = "NIK;Nama;L/P;Tgl Lahir;Kode Desa\n1,30203E+15;Budi;L;12-Mar-80;3203012001\n".encode("cp1252")
    result = normalise(read_sheet(data), today=TODAY)
    assert result.errors.select(ROW, "column", "code").rows() == [(2, "NIK", "nik_as_number")]


def test_csv_blank_lines_keep_row_numbers_right():
    data = b"Daftar\n\nNIK,Nama\n\n3203010101800001,Budi\n,\n3203014202850002,Siti\n"
    sheet = read_sheet(data)
    assert sheet.data.get_column(ROW).to_list() == [5, 7]


@pytest.mark.parametrize("name", ["messy.xlsx", "messy.ods", "messy.xls"])
def test_it_reads_the_messy_fixture_in_every_workbook_format(fixtures, name):
    sheet = read_sheet((fixtures / name).read_bytes())
    assert sheet.header_row == 4
    assert sheet.data.get_column(ROW).to_list() == [5, 6, 7, 9]
    result = normalise(
        sheet, today=TODAY, occupations={"petani": "petani", "pedagang": "pedagang", "ojek": "ojek"}
    )
    rows = {r[ROW]: r for r in result.rows.iter_rows(named=True)}
    assert rows[5]["birth_date"] == dt.date(1980, 1, 1)
    assert rows[7]["nik"] == "3203010303900003"
    assert rows[7]["birth_date"] == dt.date(1990, 3, 12)
    assert rows[7]["phone"] == "081299990000"
    assert rows[9]["birth_date"] == dt.date(1995, 4, 25)
    assert rows[6]["village"] == "32.03.01.2001"
    errors = sorted(result.errors.select(ROW, "column", "code").rows())
    assert errors == [
        (6, "NIK", "nik_as_number"),
        (9, "Desil", "decile_invalid"),
        (9, "No HP", "phone_invalid"),
        (9, "Penghasilan", "income_invalid"),
    ]
    assert result.warnings.select(ROW, "code").rows() == [(9, "occupation_unknown")]


# A template with a filling guide above the list: row 3 repeats the column titles (more of them
# than the list has), row 4 says what goes in each; the list's own header is row 5.
GUIDE = ["NIK", "Nama Lengkap", "Jenis Kelamin", "Tgl Lahir", "Kode Desa", "Pekerjaan", "Desil", "No. HP"]
HINTS = ["16 angka", "sesuai KTP", "L/P", "hh/bb/tttt", "10 angka", "", "1-10"]
LIST_HEADER = ["Nomor Induk Warga", "Nama", "JK", "Tgl Lahir", "Kode Desa", "Pekerjaan", "Desil"]


def guided(header: list[str] = LIST_HEADER) -> bytes:
    rows = [
        HINTS,
        header,
        ROWS[0][1:8],
        [None] * 7,
        [*ROWS[1][1:3], "X", *ROWS[1][4:8]],
        ["JUMLAH", None, None, None, None, "2 orang"],
        [None, "Mengetahui,"],
    ]
    return xlsx(rows, header=GUIDE, merges=[("A9:E9", "JUMLAH")])


def test_a_chosen_header_row_overrides_the_row_detection_would_pick():
    extra = {"nomorindukwarga": "nik"}
    assert read_sheet(guided(), extra_headers=extra).header_row == 3  # the guide has more known titles
    sheet = read_sheet(guided(), extra_headers=extra, header_row=5)
    assert sheet.header_row == 5
    assert sheet.headers == [*LIST_HEADER, ""]
    assert list(sheet.columns) == [
        "nik",
        "name",
        "sex",
        "birth_date",
        "village_code",
        "occupation",
        "dtsen_decile",
    ]
    # The blank row 7 is skipped, the merged JUMLAH row 9 and the signature under it dropped.
    assert sheet.data.get_column(ROW).to_list() == [6, 8]
    assert cells(sheet, "nik") == ["3203010101800001", "3203014202850002"]
    result = normalise(sheet, today=TODAY)
    assert result.errors.select(ROW, "column", "code").rows() == [(8, "JK", "sex_invalid")]
    assert sheet.top_rows[3] == HINTS
    assert sheet.top_rows[4] == LIST_HEADER
    assert sheet.top_rows[0] == ["DAFTAR CALON PESERTA 1"] * 8  # merged title, filled


def test_a_chosen_header_row_without_a_nik_column_offers_its_headers_to_map():
    with pytest.raises(HeaderRowError) as caught:
        read_sheet(guided(), header_row=5)
    error = caught.value
    assert error.code == "no_nik_in_header_row"
    assert error.message.startswith("Baris 5 yang dipilih sebagai judul kolom tidak berisi kolom NIK.")
    assert (error.params["header_row"], error.params["headers"]) == (5, [*LIST_HEADER, ""])
    assert len(rows_offered(error)) == 10


def test_a_header_row_is_chosen_in_a_csv_too():
    data = b"Daftar\nNIK,Nama,JK\nNo,Nomor KTP,Nama\n1,3203010101800001,Budi\n"
    sheet = read_sheet(data, header_row=3)
    assert (sheet.header_row, sheet.columns) == (3, {"nik": 1, "name": 2})
    assert sheet.data.get_column(ROW).to_list() == [4]


@pytest.mark.parametrize("row", [0, 16, -1])
def test_a_header_row_outside_the_first_15_rows_is_refused_with_a_clear_message(row):
    with pytest.raises(SheetError) as caught:
        read_sheet(guided(), header_row=row)
    assert caught.value.code == "header_row_invalid"
    assert caught.value.message == f"Baris judul kolom harus nomor 1 sampai 15 (tertulis: {row})."


def test_a_header_row_past_the_end_of_the_sheet_or_blank_is_refused_with_a_clear_message():
    with pytest.raises(SheetError) as caught:
        read_sheet(xlsx(ROWS), header_row=12)
    assert caught.value.code == "header_row_outside"
    assert caught.value.message.startswith("Baris 12 tidak ada: lembar kerja ini hanya berisi 5 baris.")
    with pytest.raises(SheetError) as caught:
        read_sheet(b"Daftar\n\nNIK,Nama\n3203010101800001,Budi\n", header_row=2)
    assert caught.value.code == "header_row_blank"
    assert caught.value.message == "Baris 2 kosong. Pilih baris yang berisi judul kolom."


def test_a_row_of_someones_data_is_refused_as_the_header_row():
    data = b"Daftar\nNIK,Nama,No HP (cth 0812 3456 7890)\n3203010101800001,Budi,0812 3456 7890\n"
    with pytest.raises(SheetError) as caught:
        read_sheet(data, header_row=3)
    assert caught.value.code == "header_row_is_data"
    assert caught.value.message.startswith("Baris 3 berisi data seseorang (NIK atau nomor telepon)")
    # Example numbers written inside header text are not data.
    assert read_sheet(data, header_row=2).header_row == 2


def test_without_a_nik_header_the_error_offers_the_first_rows_of_the_sheet_with_the_list():
    with pytest.raises(SheetError) as caught:
        read_sheet(xlsx(ROWS, header=["No.", "XYZ", *HEADER[2:]], note_sheet=True))
    assert caught.value.code == "no_nik_column"
    assert rows_offered(caught.value)[2][:2] == ["No.", "XYZ"]
    with pytest.raises(HeaderRowError) as caught:  # a chosen row is a row of that sheet too
        read_sheet(xlsx(ROWS, header=["No.", "XYZ", *HEADER[2:]], note_sheet=True), header_row=3)
    assert caught.value.params["headers"][:2] == ["No.", "XYZ"]


@pytest.mark.parametrize("kind", WORKBOOKS)
@pytest.mark.parametrize("case", list(MERGE_CASES))
def test_choosing_the_row_the_reader_finds_reads_the_sheet_exactly_as_found(case, kind):
    found = read_sheet(merged(case, kind))
    chosen = read_sheet(merged(case, kind), header_row=found.header_row)
    assert (chosen.sheet_name, chosen.header_row, chosen.headers, chosen.fields) == (
        found.sheet_name,
        found.header_row,
        found.headers,
        found.fields,
    )
    assert chosen.data.equals(found.data)
