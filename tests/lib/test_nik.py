"""NIK rules as properties: generated valid NIKs pass; each single corruption has its own message."""

import datetime as dt

import polars as pl
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from payung.lib.nik import FEMALE, MALE, check_nik, make_nik, niks_valid, normalize_nik

districts = st.sampled_from(["13.02.07", "73.16.01", "72.01.10", "11.01.01", "91.01.02"])
birth_dates = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2010, 12, 31))
sexes = st.sampled_from([MALE, FEMALE])
serials = st.integers(min_value=1, max_value=9999)


@st.composite
def valid_niks(draw):
    district, birth_date, sex, serial = draw(districts), draw(birth_dates), draw(sexes), draw(serials)
    return make_nik(district_code=district, birth_date=birth_date, sex=sex, serial=serial), birth_date, sex


def codes(check):
    return [p.code for p in check.errors]


@given(valid_niks())
def test_generated_valid_niks_pass(case):
    nik, birth_date, sex = case
    check = check_nik(nik, birth_date=birth_date, sex=sex)
    assert check.valid, check.errors
    assert check.nik == nik
    assert check.sex == sex


@given(valid_niks(), st.sampled_from([" ", ".", "  "]))
def test_spaces_dots_and_a_leading_apostrophe_are_removed(case, separator):
    nik, birth_date, sex = case
    messy = "'" + separator.join([nik[0:6], nik[6:12], nik[12:16]])
    check = check_nik(messy, birth_date=birth_date, sex=sex)
    assert check.valid
    assert check.nik == nik
    assert normalize_nik(messy) == nik


@given(valid_niks(), st.integers(min_value=1, max_value=5), st.booleans())
def test_wrong_length_is_caught(case, how_many, longer):
    nik, birth_date, sex = case
    corrupted = nik + "1" * how_many if longer else nik[:-how_many]
    assert codes(check_nik(corrupted, birth_date=birth_date, sex=sex)) == ["nik_length"]


@given(valid_niks(), st.integers(min_value=0, max_value=15), st.sampled_from(list("OIlx-/,")))
def test_a_non_digit_is_caught(case, position, letter):
    nik, birth_date, sex = case
    corrupted = nik[:position] + letter + nik[position + 1 :]
    assert codes(check_nik(corrupted, birth_date=birth_date, sex=sex)) == ["nik_non_digit"]


@given(valid_niks(), st.sampled_from(["00", "13", "32", "99"]))
def test_a_month_that_does_not_exist_is_a_bad_date(case, month):
    nik, _, _ = case
    corrupted = nik[:8] + month + nik[10:]
    assert codes(check_nik(corrupted)) == ["nik_bad_date"]


@given(valid_niks(), st.sampled_from(["00", "32", "40", "72", "80", "99"]))
def test_a_day_that_does_not_exist_is_a_bad_date(case, day):
    nik, _, _ = case
    corrupted = nik[:6] + day + nik[8:]
    assert codes(check_nik(corrupted)) == ["nik_bad_date"]


@given(valid_niks())
def test_the_wrong_sex_is_caught(case):
    nik, birth_date, sex = case
    other = FEMALE if sex == MALE else MALE
    assert codes(check_nik(nik, birth_date=birth_date, sex=other)) == ["nik_sex_mismatch"]


@given(valid_niks(), st.integers(min_value=1, max_value=400))
def test_a_different_birth_date_is_caught(case, days):
    nik, birth_date, sex = case
    other = birth_date + dt.timedelta(days=days)
    assume(
        (other.day, other.month, other.year % 100)
        != (birth_date.day, birth_date.month, birth_date.year % 100)
    )
    assert codes(check_nik(nik, birth_date=other, sex=sex)) == ["nik_birth_date_mismatch"]


def test_women_have_forty_added_to_the_day():
    check = check_nik("1302075703850001")
    assert check.valid
    assert (check.sex, check.birth_day, check.birth_month, check.birth_yy) == (FEMALE, 17, 3, 85)


def test_29_february_is_valid_only_in_a_leap_year():
    assert check_nik("1302072902000001").valid  # 2000 is a leap year
    assert codes(check_nik("1302072902010001")) == ["nik_bad_date"]


def test_a_district_missing_from_todays_tree_is_only_a_warning():
    check = check_nik("1302991203850001", district_exists=lambda code: code != "13.02.99")
    assert check.valid
    assert [w.code for w in check.warnings] == ["nik_district_unknown"]
    assert "pemekaran" in check.warnings[0].message


def test_unknown_province_zero_regency_and_zero_serial_are_errors():
    assert codes(check_nik("9902071203850001")) == ["nik_province"]
    assert codes(check_nik("1300071203850001")) == ["nik_region_zero"]
    assert codes(check_nik("1302071203850000")) == ["nik_serial_zero"]


def test_each_problem_has_its_own_message_in_bahasa_indonesia():
    messages = {
        check_nik("").errors[0].message,
        check_nik("13020712038500").errors[0].message,
        check_nik("13020712O3850001").errors[0].message,
        check_nik("1302071213850001").errors[0].message,
        check_nik("1302071203850001", sex=FEMALE).errors[0].message,
        check_nik("1302071203850001", birth_date=dt.date(1985, 3, 13)).errors[0].message,
    }
    assert len(messages) == 6
    assert all("NIK" in m for m in messages)


# ---------------------------------------------------------------- one rule set, two ways of running it


def _column_verdicts(cases):
    frame = pl.DataFrame(
        {"nik": [c[0] for c in cases], "birth_date": [c[1] for c in cases], "sex": [c[2] for c in cases]},
        schema={"nik": pl.String, "birth_date": pl.Date, "sex": pl.String},
    )
    verdict = niks_valid(pl.col("nik"), birth_date=pl.col("birth_date"), sex=pl.col("sex"))
    return frame.select(verdict.alias("ok")).get_column("ok").to_list()


def _part(draw, length, usual):
    """Digits of a NIK part: mostly plausible ones, sometimes zeros or anything at all."""
    return draw(
        st.one_of(
            st.sampled_from(usual),
            st.just("0" * length),
            st.text("0123456789", min_size=length, max_size=length),
        )
    )


@st.composite
def any_niks(draw):
    """Valid NIKs and NIKs broken in every part the rules look at (province, regency, district, date, serial)."""
    if draw(st.booleans()):
        nik, birth_date, sex = draw(valid_niks())
    else:
        nik = (
            _part(draw, 2, ["13", "73", "11", "99", "39"])
            + _part(draw, 2, ["02", "16", "00"])
            + _part(draw, 2, ["07", "01", "00"])
            + _part(draw, 2, ["12", "29", "31", "52", "69", "71", "40", "00"])
            + _part(draw, 2, ["02", "03", "04", "13", "00"])
            + _part(draw, 2, ["00", "01", "85", "96"])
            + _part(draw, 4, ["0001", "0000", "9999"])
        )
        birth_date, sex = draw(st.none() | birth_dates), draw(st.none() | sexes)
    if draw(st.integers(0, 3)) == 0:  # a file's birth date or sex often disagrees with the NIK
        birth_date = draw(birth_dates)
    if draw(st.integers(0, 3)) == 0:
        sex = draw(sexes)
    return nik, birth_date, sex


@given(st.lists(any_niks(), min_size=1, max_size=60))
@settings(max_examples=100, deadline=None)
def test_the_column_check_and_the_per_nik_check_agree_on_every_nik(cases):
    expected = [check_nik(nik, birth_date=birth_date, sex=sex).valid for nik, birth_date, sex in cases]
    assert _column_verdicts(cases) == expected


def test_the_column_check_refuses_serial_0000_like_the_form():
    nik = make_nik(district_code="13.02.07", birth_date=dt.date(1985, 3, 12), sex=FEMALE, serial=0)
    assert codes(check_nik(nik)) == ["nik_serial_zero"]
    assert _column_verdicts([(nik, dt.date(1985, 3, 12), FEMALE)]) == [False]
