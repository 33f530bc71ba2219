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
    assert [remark.code for remark in breakdown.line("JKK").remarks] == ["discount_not_for_funder"]


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


@pytest.mark.parametrize(
    ("income", "basis", "jkk", "confidence"),
    [
        (1, 1_000_000, 10_000, "C"),
        (1_000_000, 1_000_000, 10_000, "C"),
        (1_099_999, 1_000_000, 10_000, "C"),
        # BPJS (artikel 18931): Rp1.100.000-1.299.000 pays JKK Rp12.000, 1 % of the row's Rp1.200.000.
        (1_100_000, 1_200_000, 12_000, "C"),
        (1_250_000, 1_200_000, 12_000, "C"),
        (1_299_999, 1_200_000, 12_000, "C"),
        # Rows above are not confirmed: the same Rp200.000 pattern, marked uncertain.
        (1_300_000, 1_400_000, 14_000, "U"),
        (1_499_999, 1_400_000, 14_000, "U"),
        (1_500_000, 1_600_000, 16_000, "U"),
        (2_500_000, 2_600_000, 26_000, "U"),
    ],
)
def test_bpu_income_is_priced_on_its_lampiran_ii_row(income, basis, jkk, confidence):
    line = bpu(income=income).line("JKK")
    assert (line.basis, line.amount, line.confidence) == (basis, jkk, confidence)
    assert ("Lampiran II" in line.note) == (confidence == "U")
    assert "PP 44/2015 Lampiran II jo. PP 49/2023" in line.source
    jht = bpu(income=income, programmes=("JHT",)).line("JHT")
    assert jht.amount == basis * 2 // 100


def test_discounts_round_on_the_row_amount():
    assert bpu(income=1_234_550, programmes=("JKK",)).total == 12_000
    assert bpu(income=1_234_550, programmes=("JKK",), month=Month(2026, 6)).total == 6_000
    # JKK Rp12.000 during Covid: 12.000 - 11.880 = 120
    assert bpu(income=1_234_550, programmes=("JKK",), month=Month(2020, 9)).total == 120


@pytest.mark.parametrize("sector", ["transportasi", "lainnya"])
def test_apbdes_in_a_pp50_discount_month_is_marked_uncertain_and_says_why(sector):
    month = Month(2026, 6)
    breakdown = bpu(month=month, funder_type="APBDES", sector=sector)
    for programme in ("JKK", "JKM"):
        line = breakdown.line(programme)
        assert line.confidence == "U"
        assert [remark.code for remark in line.remarks] == ["apbdes_discount_unknown"]
    excluded = contribution(
        segment="BPU",
        programmes=("JKK", "JKM"),
        income=1_000_000,
        month=month,
        funder_type="APBDES",
        sector=sector,
        rulebook=default_rulebook(apbdes_excluded_from_discount=True),
    )
    assert excluded.total == 16_800
    assert [remark.code for remark in excluded.line("JKK").remarks] == ["apbdes_excluded_by_setting"]
    assert excluded.line("JKK").confidence == "U"
    # Outside a discount month nothing is in doubt.
    assert bpu(month=Month(2025, 6), funder_type="APBDES").line("JKK").confidence == "C"


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
