"""parse_rupiah: one reading of a typed Rupiah amount, for the CLI, forms, the API and imports."""

from __future__ import annotations

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from payung.lib.money import MAX_RUPIAH, RupiahError, parse_rupiah
from payung.lib.money_fields import RupiahField


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("1 500 000", 1_500_000),
        ("1500000", 1_500_000),
        ("1.500.000,00", 1_500_000),
        ("1,500,000.00", 1_500_000),
        ("1500000.00", 1_500_000),
        ("1500000,00", 1_500_000),
        ("840.00", 840),
        ("1500000.0", 1_500_000),
        ("Rp 1.500.000,-", 1_500_000),
        ("Rp. 1.500.000,-", 1_500_000),
        ("rp1.500.000", 1_500_000),
        ("IDR 16.800", 16_800),
        ("  16.800  ", 16_800),
        ("1.000", 1_000),
        ("1,5 juta", 1_500_000),
        ("2 jt", 2_000_000),
        ("750 rb", 750_000),
        ("0", 0),
    ],
)
def test_it_reads_amounts_written_the_usual_ways(text, expected):
    assert parse_rupiah(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1500000.50", "fraction"),  # was read as Rp150.000.050
        ("5000000.5", "fraction"),  # was read as Rp50.000.005
        ("840.5", "fraction"),
        ("1.500,5", "fraction"),
        ("1.5.0", "ambiguous"),
        ("1.500,000", "ambiguous"),
        ("1.500.000.00", "ambiguous"),
        ("15.00.000", "ambiguous"),
        ("12345.678", "ambiguous"),
        ("1 5", "ambiguous"),
        ("1,2345 juta", "not_a_number"),
        ("-500", "negative"),
        ("1e6", "scientific"),
        ("1e26", "scientific"),
        ("1e400", "scientific"),
        ("banyak", "not_a_number"),
        ("", "empty"),
        ("9" * 70, "too_long"),
        ("9223372036854775808", "too_large"),  # 2^63
        ("1.000.000.000.000.000", "too_large"),
    ],
)
def test_it_refuses_what_is_not_one_whole_amount(text, code):
    with pytest.raises(RupiahError) as caught:
        parse_rupiah(text)
    assert caught.value.code == code


def test_the_message_shows_how_to_write_it():
    with pytest.raises(RupiahError) as caught:
        parse_rupiah("1500000.50")
    assert "Tulis 1.500.000" in caught.value.message
    with pytest.raises(RupiahError) as caught:
        parse_rupiah("1e26")
    assert "1.500.000" in caught.value.message
    with pytest.raises(RupiahError) as caught:
        parse_rupiah("2000000", maximum=1_000_000)
    assert "paling banyak 1.000.000" in caught.value.message


def test_numbers_from_json_are_bounded_and_whole():
    assert parse_rupiah(1_500_000) == 1_500_000
    assert parse_rupiah(1_500_000.0) == 1_500_000
    for value, code in (
        (2**63, "too_large"),
        (1e26, "too_large"),
        (1.5, "fraction"),
        (True, "not_a_number"),
        (-1, "negative"),
        (float("nan"), "not_a_number"),
    ):
        with pytest.raises(RupiahError) as caught:
            parse_rupiah(value)
        assert caught.value.code == code


def test_bounds_are_checked_before_a_huge_int_is_built():
    with pytest.raises(RupiahError) as caught:
        parse_rupiah("9" * 59)
    assert caught.value.code == "too_large"
    with pytest.raises(RupiahError):
        parse_rupiah("0", minimum=1)


def _grouped(amount: int, mark: str) -> str:
    return f"{amount:,}".replace(",", mark)


@given(st.integers(min_value=0, max_value=MAX_RUPIAH), st.sampled_from([".", ",", " "]))
def test_any_amount_survives_thousands_marks_rp_and_zero_cents(amount, mark):
    written = _grouped(amount, mark)
    assert parse_rupiah(written) == amount
    assert parse_rupiah(f"Rp {written},-") == amount
    assert parse_rupiah(str(amount)) == amount
    cents_mark = "," if mark != "," else "."
    assert parse_rupiah(f"{written}{cents_mark}00") == amount


@given(
    st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=99), st.sampled_from(".,")
)
def test_any_amount_with_cents_is_refused_not_misread(amount, cents, mark):
    with pytest.raises(RupiahError) as caught:
        parse_rupiah(f"{amount}{mark}{cents:02d}")
    assert caught.value.code == "fraction"


@given(st.text(max_size=40))
def test_any_text_gives_an_amount_or_a_rupiah_error(text):
    try:
        value = parse_rupiah(text)
    except RupiahError as error:
        assert error.message
    else:
        assert 0 <= value <= MAX_RUPIAH


@given(st.integers(min_value=MAX_RUPIAH + 1, max_value=10**40))
def test_anything_above_the_maximum_is_refused(amount):
    with pytest.raises(RupiahError) as caught:
        parse_rupiah(_grouped(amount, "."))
    assert caught.value.code == "too_large"


class _Form(forms.Form):
    income = RupiahField(min_value=1, max_value=10**12, required=False)


@pytest.mark.parametrize("text", ["1500000.50", "1e400", str(2**63)])
def test_the_form_field_gives_a_clear_error_instead_of_a_500(text):
    form = _Form({"income": text})
    assert not form.is_valid()
    assert form.errors["income"][0]


def test_the_form_field_reads_dots_and_shows_them_back():
    form = _Form({"income": "Rp 1.500.000,-"})
    assert form.is_valid()
    assert form.cleaned_data["income"] == 1_500_000
    assert 'value="1.500.000"' in str(_Form(initial={"income": 1_500_000})["income"])
    assert _Form({"income": ""}).is_valid()
