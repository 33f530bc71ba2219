"""The import's income column is read by the one money parser: no dot is silently a thousands mark."""

import pytest

from payung.lib.sheets import parsers


@pytest.mark.parametrize("raw", ["1500000.50", "1.500,5", "1e26", "9223372036854775808"])
def test_an_income_with_cents_or_too_big_is_an_error_naming_the_reason(raw):
    problem = parsers.parse_income(raw).error
    assert problem.code == "income_invalid"
    assert raw in problem.message
    assert "Tulis" in problem.message or "paling banyak" in problem.message


def test_zero_cents_and_grouping_are_read():
    assert parsers.parse_income("Rp 1.500.000,00").value == 1_500_000
    assert parsers.parse_income("1,500,000.00").value == 1_500_000
