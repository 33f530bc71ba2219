from datetime import date
from decimal import Decimal

import pytest

from payung.rules import InvalidInput, Month
from payung.rules.money import percent, round_rupiah, rupiah_text
from payung.rules.types import month_span


def test_month_parses_and_prints_iso():
    assert Month.parse("2026-02") == Month(2026, 2)
    assert str(Month(2026, 2)) == "2026-02"


@pytest.mark.parametrize("text", ["2026-13", "2026/02", "26-02", "", "2026-00"])
def test_month_rejects_bad_text(text):
    with pytest.raises(InvalidInput):
        Month.parse(text)


def test_month_arithmetic_crosses_years():
    assert Month(2026, 11).plus(3) == Month(2027, 2)
    assert Month(2026, 1).plus(-1) == Month(2025, 12)
    assert Month(2024, 2).last_day == date(2024, 2, 29)
    assert month_span(Month(2026, 12), 2) == (Month(2026, 12), Month(2027, 1))


def test_rounding_is_half_up_to_whole_rupiah():
    assert round_rupiah(Decimal("12345.5")) == 12_346
    assert round_rupiah(Decimal("12345.49")) == 12_345
    assert percent(Decimal("0.0024")) == "0.24"
    assert rupiah_text(16_800) == "Rp16.800"
