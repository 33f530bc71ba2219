import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payung.lib.sheets import parsers

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3203010101800001", "3203010101800001"),
        (" 3203 0101 0180 0001 ", "3203010101800001"),
        ("3203.0101.0180.0001", "3203010101800001"),
        ("'3203010101800001", "3203010101800001"),
        ("\u20193203010101800001", "3203010101800001"),
    ],
)
def test_it_cleans_nik_written_as_text(raw, expected):
    assert parsers.parse_nik(raw).value == expected


@pytest.mark.parametrize("raw", ["1,30203E+15", "3.20301E+15", "3,2030101018E+15", "3203010101800000.0"])
def test_it_rejects_nik_that_excel_turned_into_a_number(raw):
    result = parsers.parse_nik(raw)
    assert result.value is None
    assert result.error.code == "nik_as_number"
    assert "Teks" in result.error.message


def test_it_rejects_a_number_cell_with_fifteen_significant_digits():
    assert parsers.parse_nik("3203010101800000", numeric_cell=True).error.code == "nik_as_number"
    # The same digits typed as text are a NIK like any other.
    assert parsers.parse_nik("3203010101800000").value == "3203010101800000"


@pytest.mark.parametrize(
    "raw", ["12345", "32030101018000011", "abcd010101800001", "３２０３０１０１０１８０００01"]
)
def test_it_rejects_nik_of_wrong_shape(raw):
    assert parsers.parse_nik(raw).error.code == "nik_invalid"


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_any_sixteen_digits_survive_spaces_and_an_apostrophe(digits):
    spaced = "'" + " ".join(digits[i : i + 4] for i in range(0, 16, 4))
    assert parsers.parse_nik(spaced).value == digits


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1980-03-12 00:00:00", dt.date(1980, 3, 12)),  # a real Excel date, as calamine gives it
        ("1980-03-12", dt.date(1980, 3, 12)),
        ("29292", dt.date(1980, 3, 12)),  # Excel serial number
        ("29292.0", dt.date(1980, 3, 12)),
        ("12/03/1980", dt.date(1980, 3, 12)),
        ("12-03-1980", dt.date(1980, 3, 12)),
        ("12.03.1980", dt.date(1980, 3, 12)),
        ("12/03/80", dt.date(1980, 3, 12)),
        ("1/2/05", dt.date(2005, 2, 1)),
        ("12 Maret 1980", dt.date(1980, 3, 12)),
        ("12-Mar-80", dt.date(1980, 3, 12)),
        ("11 Des 1960", dt.date(1960, 12, 11)),
        ("11 December 1960", dt.date(1960, 12, 11)),
        ("17 Agustus 1945", dt.date(1945, 8, 17)),
        ("5 Okt 1970", dt.date(1970, 10, 5)),
        ("March 12, 1980", dt.date(1980, 3, 12)),
        ("12031980", dt.date(1980, 3, 12)),
    ],
)
def test_it_reads_dates_in_every_form_offices_write(raw, expected):
    assert parsers.parse_date(raw, today=TODAY).value == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("31/02/1980", "date_invalid"),
        ("kemarin", "date_invalid"),
        ("12/03/2099", "date_out_of_range"),
        ("01/01/1850", "date_out_of_range"),
    ],
)
def test_it_rejects_impossible_dates(raw, code):
    assert parsers.parse_date(raw, today=TODAY).error.code == code


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY))
def test_every_date_round_trips_through_dd_mm_yyyy(value):
    assert parsers.parse_date(value.strftime("%d/%m/%Y"), today=TODAY).value == value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("L", "L"),
        ("l", "L"),
        ("LK", "L"),
        ("Laki-laki", "L"),
        ("LAKI - LAKI", "L"),
        ("Pria", "L"),
        ("M", "L"),
        ("P", "P"),
        ("PR", "P"),
        ("Perempuan", "P"),
        ("wanita", "P"),
        ("F", "P"),
        ("Female", "P"),
    ],
)
def test_it_reads_sex(raw, expected):
    assert parsers.parse_sex(raw).value == expected


def test_it_rejects_unknown_sex():
    assert parsers.parse_sex("X").error.code == "sex_invalid"


@pytest.mark.parametrize("raw", ["7316012001", "73.16.01.2001", " 73 16 01 2001 "])
def test_it_reads_village_codes_with_or_without_dots(raw):
    assert parsers.parse_village(raw).value == "73.16.01.2001"


def test_it_rejects_village_code_of_wrong_length():
    assert parsers.parse_village("73.16.01.201").error.code == "village_invalid"


def test_it_resolves_village_names_within_the_chosen_district():
    lookup = {
        parsers.place_key("Koto Gaek Guguak"): ["13.02.07.2001"],
        "cupak": ["13.02.07.2002", "13.02.10.2009"],
    }
    assert parsers.parse_village("Desa KOTO GAEK  GUGUAK", lookup).value == "13.02.07.2001"
    assert parsers.parse_village("Nagari Koto-Gaek Guguak", lookup).value == "13.02.07.2001"
    assert parsers.parse_village("Cupak", lookup).error.code == "village_ambiguous"
    assert parsers.parse_village("Atlantis", lookup).error.code == "village_unknown"
    assert parsers.parse_village("Cupak").error.code == "village_needs_district"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.000.000", 1_000_000),
        ("Rp 1.500.000", 1_500_000),
        ("Rp. 1.500.000,-", 1_500_000),
        ("1500000", 1_500_000),
        ("1500000.0", 1_500_000),
        ("1,500,000", 1_500_000),
        ("1.500.000,00", 1_500_000),
        ("750 rb", 750_000),
        ("1,5 juta", 1_500_000),
        ("0", 0),
    ],
)
def test_it_reads_income(raw, expected):
    assert parsers.parse_income(raw).value == expected


@pytest.mark.parametrize("raw", ["banyak", "-500", "1.5.0"])
def test_it_rejects_unreadable_income(raw):
    assert parsers.parse_income(raw).error.code == "income_invalid"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("081234567890", "081234567890"),
        ("0812-3456-7890", "081234567890"),
        ("+62 812 3456 7890", "081234567890"),
        ("6281234567890", "081234567890"),
        ("81234567890", "081234567890"),
        ("(0411) 123456", "0411123456"),
    ],
)
def test_it_keeps_phone_as_text_with_leading_zero(raw, expected):
    assert parsers.parse_phone(raw).value == expected


def test_it_rejects_a_short_phone():
    assert parsers.parse_phone("12").error.code == "phone_invalid"


@pytest.mark.parametrize(("raw", "expected"), [("1", 1), ("10", 10), ("3.0", 3), ("Desil 4", 4), ("D2", 2)])
def test_it_reads_deciles(raw, expected):
    assert parsers.parse_decile(raw).value == expected


@pytest.mark.parametrize("raw", ["0", "11", "tinggi"])
def test_it_rejects_deciles_outside_one_to_ten(raw):
    assert parsers.parse_decile(raw).error.code == "decile_invalid"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ya", True),
        ("Y", True),
        ("Tidak", False),
        ("-", False),
        ("Tuna Netra", True),
        ("0", False),
        ("Tidak Cacat", False),
        ("Cacat Fisik", True),
    ],
)
def test_it_reads_disability(raw, expected):
    assert parsers.parse_bool(raw).value is expected


def test_it_maps_occupation_synonyms_and_warns_on_unknown():
    synonyms = {"petani": "petani", "bertani": "petani", "ojekonline": "ojek"}
    assert parsers.parse_occupation("Ojek Online", synonyms) == parsers.Parsed("ojek")
    unknown = parsers.parse_occupation("Astronot", synonyms)
    assert unknown.value == "lainnya"
    assert unknown.error is None
    assert unknown.warning.code == "occupation_unknown"


@given(st.integers(min_value=0, max_value=10**12))
def test_any_rupiah_amount_survives_thousands_dots_and_the_rp_prefix(amount):
    dotted = f"{amount:,}".replace(",", ".")
    assert parsers.parse_income(f"Rp {dotted},-").value == amount
    assert parsers.parse_income(str(amount)).value == amount


@given(st.text(alphabet="0123456789", min_size=8, max_size=11))
def test_any_mobile_number_keeps_one_leading_zero_whatever_prefix_it_came_with(rest):
    expected = "08" + rest
    for written in ("08" + rest, "+628" + rest, "628" + rest, "8" + rest):
        assert parsers.parse_phone(written).value == expected
