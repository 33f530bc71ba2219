"""BPU (informal) contributions: the public examples, every table row, every date boundary."""

from decimal import Decimal

import pytest

from payung.rules import (
    FunderType,
    InvalidInput,
    Month,
    NotAvailable,
    contribution,
    default_rulebook,
)

JUNE_2025 = Month(2025, 6)


def bpu(programmes=("JKK", "JKM"), income=1_000_000, month=JUNE_2025, **kwargs):
    return contribution(segment="BPU", programmes=programmes, income=income, month=month, **kwargs)


def test_jkk_and_jkm_at_one_million_cost_16800():
    breakdown = bpu()
    assert breakdown.total == 16_800
    assert breakdown.line("JKK").amount == 10_000
    assert breakdown.line("JKK").rate == Decimal("0.01")
    assert breakdown.line("JKK").basis == 1_000_000
    assert breakdown.line("JKM").amount == 6_800
    assert breakdown.line("JKM").basis is None
    assert breakdown.confidence == "C"


def test_adding_jht_costs_36800():
    breakdown = bpu(programmes=("JKK", "JKM", "JHT"))
    assert breakdown.total == 36_800
    assert breakdown.line("JHT").amount == 20_000


def test_a_self_paying_ojek_driver_pays_8400_in_february_2026():
    breakdown = bpu(month=Month(2026, 2), funder_type="MANDIRI", sector="transportasi")
    assert breakdown.total == 8_400
    assert breakdown.discount_total == 8_400
    assert "PP 50/2025" in breakdown.line("JKK").source


def test_the_same_driver_paid_by_apbd_costs_16800():
    breakdown = bpu(month=Month(2026, 2), funder_type="APBD", sector="transportasi")
    assert breakdown.total == 16_800
    assert breakdown.discount_total == 0
    assert "does not apply to funder APBD" in breakdown.line("JKK").note


@pytest.mark.parametrize("funder", ["APBN", "APBD"])
def test_apbn_and_apbd_funders_never_get_the_pp50_discount(funder):
    for sector in ("transportasi", "lainnya"):
        assert bpu(month=Month(2026, 6), funder_type=funder, sector=sector).total == 16_800


@pytest.mark.parametrize("funder", ["APBDES", "CSR", "BAZNAS", "MANDIRI"])
def test_other_funders_get_the_pp50_discount(funder):
    assert bpu(month=Month(2026, 6), funder_type=funder, sector="lainnya").total == 8_400


def test_apbdes_is_not_excluded_by_default_but_can_be_by_setting():
    assert bpu(month=Month(2026, 6), funder_type="APBDES").total == 8_400
    strict = default_rulebook(apbdes_excluded_from_discount=True)
    assert bpu(month=Month(2026, 6), funder_type="APBDES", rulebook=strict).total == 16_800
    assert bpu(month=Month(2026, 6), funder_type="MANDIRI", rulebook=strict).total == 8_400


def test_the_discount_never_touches_jht():
    line = bpu(programmes=("JHT",), month=Month(2026, 6)).line("JHT")
    assert line.amount == 20_000
    assert line.discount == 0


@pytest.mark.parametrize(
    ("sector", "month", "total"),
    [
        # transport: January 2026 - March 2027
        ("transportasi", Month(2025, 12), 16_800),
        ("transportasi", Month(2026, 1), 8_400),
        ("transportasi", Month(2027, 3), 8_400),
        ("transportasi", Month(2027, 4), 16_800),
        # other sectors: April - December 2026
        ("lainnya", Month(2026, 3), 16_800),
        ("lainnya", Month(2026, 4), 8_400),
        ("lainnya", Month(2026, 12), 8_400),
        ("lainnya", Month(2027, 1), 16_800),
        # Covid relief (PP 49/2020): August 2020 - January 2021, 1 % of normal
        ("lainnya", Month(2020, 7), 16_800),
        ("lainnya", Month(2020, 8), 168),
        ("transportasi", Month(2021, 1), 168),
        ("lainnya", Month(2021, 2), 16_800),
    ],
)
def test_both_sides_of_every_discount_date(sector, month, total):
    assert bpu(month=month, sector=sector).total == total


def test_covid_relief_made_jkm_68_rupiah():
    assert bpu(month=Month(2020, 9)).line("JKM").amount == 68


def test_income_below_the_minimum_pays_on_one_million():
    assert bpu(income=500_000).line("JKK").basis == 1_000_000
    assert bpu(income=999_999).total == 16_800
    assert bpu(income=1).total == 16_800


def test_income_above_the_minimum_pays_on_the_declared_income_and_says_it_is_uncertain():
    line = bpu(income=2_500_000).line("JKK")
    assert line.amount == 25_000
    assert line.confidence == "U"
    assert "Lampiran II" in line.note


def test_odd_incomes_round_half_up():
    # 1 % of 1.234.550 = 12.345,5 -> 12.346; the PP 50/2025 half of 12.346 is 6.173.
    assert bpu(income=1_234_550, programmes=("JKK",)).total == 12_346
    assert bpu(income=1_234_550, programmes=("JKK",), month=Month(2026, 6)).total == 6_173
    # JKM 6.800 x 99 % = 6.732 off -> 68; JKK 1 % of 1.234.550 during Covid: 12.346 - 12.223 = 123
    assert bpu(income=1_234_550, programmes=("JKK",), month=Month(2020, 9)).total == 123


@pytest.mark.parametrize("programme", ["JP", "JKP"])
def test_jp_and_jkp_are_not_available_to_bpu(programme):
    with pytest.raises(NotAvailable, match=f"{programme} is not available to BPU"):
        bpu(programmes=("JKK", programme))


@pytest.mark.parametrize("income", [0, -5, 1.5, True])
def test_it_rejects_an_income_that_is_not_positive_whole_rupiah(income):
    with pytest.raises(InvalidInput):
        bpu(income=income)


def test_it_rejects_no_programmes_and_unknown_codes():
    with pytest.raises(InvalidInput):
        bpu(programmes=())
    with pytest.raises(ValueError, match="JKN"):
        bpu(programmes=("JKN",))
    with pytest.raises(ValueError, match="PEMDA"):
        bpu(funder_type="PEMDA")


def test_lines_come_in_programme_order_without_duplicates():
    breakdown = bpu(programmes=("JHT", "JKM", "JKK", "JKM"))
    assert [line.programme for line in breakdown.lines] == ["JKK", "JKM", "JHT"]


def test_bpu_lines_are_paid_by_the_participant_side_only():
    for line in bpu(programmes=("JKK", "JKM", "JHT")).lines:
        assert line.employer_amount == 0
        assert line.worker_amount == line.amount


def test_funder_type_enum_is_complete():
    assert {funder.value for funder in FunderType} == {"APBN", "APBD", "APBDES", "CSR", "BAZNAS", "MANDIRI"}
