import datetime as dt

from payung.lib.sheets import ROW, normalise, read_sheet
from payung.lib.sheets.parsers import place_key

TODAY = dt.date(2026, 6, 1)


def read(text: str, **kwargs):
    return normalise(read_sheet(text.encode()), today=TODAY, **kwargs)


def test_it_reports_each_empty_required_cell_with_the_header_as_written():
    result = read("NIK;Nama Lengkap;L/P;Tgl Lahir;Kode Desa\n3203010101800001;;L;01/01/1980;\n")
    assert result.errors.select(ROW, "column", "code").rows() == [
        (2, "Nama Lengkap", "required"),
        (2, "Kode Desa", "required"),
    ]
    assert "wajib diisi" in result.errors.get_column("message")[0]


def test_a_missing_required_column_makes_every_row_invalid():
    result = read("NIK,Nama\n3203010101800001,Budi\n", required=("nik", "name", "sex"))
    assert result.errors.select(ROW, "column", "code").rows() == [(2, "Jenis Kelamin", "required")]


def test_village_names_resolve_within_the_chosen_district_and_codes_still_work():
    villages = {place_key("Koto Gaek Guguak"): ["13.02.07.2001"], place_key("Cupak"): ["13.02.07.2002"]}
    result = read(
        "NIK,Nama,JK,Tgl Lahir,Nagari\n"
        "1302070101800001,A,L,01/01/1980,Nagari Cupak\n"
        "1302070101800002,B,L,01/01/1980,1302072001\n"
        "1302070101800003,C,L,01/01/1980,Atlantis\n",
        villages=villages,
    )
    assert result.rows.get_column("village").to_list() == ["13.02.07.2002", "13.02.07.2001", None]
    assert result.errors.select(ROW, "column", "code").rows() == [(4, "Nagari", "village_unknown")]


def test_the_code_column_wins_and_the_name_column_fills_its_gaps():
    villages = {place_key("Cupak"): ["13.02.07.2002"]}
    result = read(
        "NIK,Nama,JK,Tgl Lahir,Kode Desa,Desa\n"
        "1302070101800001,A,L,01/01/1980,13.02.07.2001,Cupak\n"
        "1302070101800002,B,L,01/01/1980,,Cupak\n",
        villages=villages,
    )
    assert result.rows.get_column("village").to_list() == ["13.02.07.2001", "13.02.07.2002"]


def test_an_unknown_occupation_becomes_other_with_a_warning_and_a_note():
    result = read(
        "NIK,Nama,JK,Tgl Lahir,Kode Desa,Pekerjaan\n"
        "1302070101800001,A,L,01/01/1980,1302072001,Bertani\n"
        "1302070101800002,B,L,01/01/1980,1302072001,Pawang  Hujan\n",
        occupations={"bertani": "petani"},
    )
    assert result.rows.select("occupation", "occupation_note").rows() == [
        ("petani", None),
        ("lainnya", "Pawang Hujan"),
    ]
    assert result.errors.height == 0
    assert result.warnings.select(ROW, "column", "code").rows() == [(3, "Pekerjaan", "occupation_unknown")]


def test_valid_rows_leave_out_every_row_with_an_error():
    result = read(
        "NIK,Nama,JK,Tgl Lahir,Kode Desa\n"
        "1302070101800001,A,L,01/01/1980,1302072001\n"
        "1302070101800002,B,X,01/01/1980,1302072001\n"
        "1302070101800003,C,P,31/02/1980,1302072001\n"
    )
    assert result.valid().get_column("nik").to_list() == ["1302070101800001"]
    assert sorted(result.invalid_rows.to_list()) == [3, 4]


def test_a_file_with_every_messy_form_at_once():
    text = (
        "DAFTAR CALON PESERTA;;;;;;;;;;\n"
        ";;;;;;;;;;\n"
        "No.;No. KTP;Nama;L/P;Tgl. Lahir;Kode Desa;Pekerjaan;Desil;Penghasilan;No HP;Disabilitas\n"
        "1;'1302 0701 0180 0001;  Budi   Santoso ;Laki-laki;12 Maret 1980;13.02.07.2001;Petani;1;Rp 1.500.000;+62 812-3456-7890;Tidak\n"
        "2;1302.0741.1280.0002;Siti;PR;12-Mar-80;1302072001;Petani;2;1.000.000;6281234567891;Tuna Netra\n"
        ";;;;;;;;;;\n"
        "3;1302070101800003;Ahmad;LK;11 Des 1960;13.02.07.2001;Petani;10;750000;81234567892;\n"
        "4;1302070101800004;Dewi;P;29292;13.02.07.2001;Petani;3;2500000;081234567893;Y\n"
        "5;1302070101800005;Eka;F;1980-03-12;13.02.07.2001;Petani;4;0;;\n"
        "6;1,30207E+15;Fajar;M;12/03/80;13.02.07.2001;Petani;5;;;\n"
        "JUMLAH;;;;;;;;5.750.000;;\n"
    )
    result = read(text, occupations={"petani": "petani"})
    assert result.rows.get_column(ROW).to_list() == [4, 5, 7, 8, 9, 10]
    assert result.rows.get_column("name").to_list()[0] == "Budi Santoso"
    assert set(result.rows.get_column("birth_date").to_list()[:-1]) | {dt.date(1960, 12, 11)} == {
        dt.date(1980, 3, 12),
        dt.date(1960, 12, 11),
    }
    assert result.rows.get_column("sex").to_list() == ["L", "P", "L", "P", "P", "L"]
    assert result.rows.get_column("phone").to_list()[:4] == [
        "081234567890",
        "081234567891",
        "081234567892",
        "081234567893",
    ]
    assert result.rows.get_column("has_disability").to_list() == [False, True, None, True, None, None]
    assert result.errors.select(ROW, "column", "code").rows() == [(10, "No. KTP", "nik_as_number")]
