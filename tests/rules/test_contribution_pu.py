"""PU (wage earner) contributions: risk classes, shares, the JP cap history, JKP."""

from decimal import Decimal

import pytest

from payung.rules import InvalidInput, Month, contribution, default_rulebook

JUNE_2025 = Month(2025, 6)


def pu(programmes, wage=5_000_000, month=JUNE_2025, risk_class=1):
    return contribution(segment="PU", programmes=programmes, income=wage, month=month, risk_class=risk_class)


@pytest.mark.parametrize(
    ("risk_class", "rate", "amount"),
    [
        (1, "0.0024", 12_000),
        (2, "0.0054", 27_000),
        (3, "0.0089", 44_500),
        (4, "0.0127", 63_500),
        (5, "0.0174", 87_000),
    ],
)
def test_jkk_follows_the_five_risk_classes(risk_class, rate, amount):
    line = pu(["JKK"], risk_class=risk_class).line("JKK")
    assert line.rate == Decimal(rate)
    assert line.amount == amount
    assert line.employer_amount == amount
    assert line.worker_amount == 0
    assert line.source == "PP 44/2015 Pasal 16(1)"


@pytest.mark.parametrize("risk_class", [None, 0, 6])
def test_jkk_needs_a_risk_class_from_one_to_five(risk_class):
    with pytest.raises(InvalidInput, match="risk class"):
        pu(["JKK"], risk_class=risk_class)


def test_jkm_is_030_percent_paid_by_the_employer():
    line = pu(["JKM"]).line("JKM")
    assert (line.rate, line.amount, line.employer_amount) == (Decimal("0.003"), 15_000, 15_000)


def test_jht_is_37_plus_2_percent_without_a_cap():
    line = pu(["JHT"], wage=50_000_000).line("JHT")
    assert line.basis == 50_000_000
    assert line.employer_amount == 1_850_000
    assert line.worker_amount == 1_000_000
    assert line.amount == 2_850_000


def test_jp_is_2_plus_1_percent_below_the_cap():
    line = pu(["JP"]).line("JP")
    assert (line.employer_amount, line.worker_amount, line.amount) == (100_000, 50_000, 150_000)


@pytest.mark.parametrize(
    ("month", "cap"),
    [
        (Month(2015, 7), 7_000_000),
        (Month(2016, 2), 7_000_000),
        (Month(2016, 3), 7_335_300),
        (Month(2017, 2), 7_335_300),
        (Month(2017, 3), 7_703_500),
        (Month(2018, 3), 8_094_000),
        (Month(2019, 3), 8_512_400),
        (Month(2020, 3), 8_939_700),
        (Month(2021, 2), 8_939_700),
        (Month(2021, 3), 8_754_600),
        (Month(2022, 2), 8_754_600),
        (Month(2022, 3), 9_077_600),
        (Month(2023, 2), 9_077_600),
        (Month(2023, 3), 9_559_600),
        (Month(2024, 2), 9_559_600),
        (Month(2024, 3), 10_042_300),
        (Month(2025, 2), 10_042_300),
        (Month(2025, 3), 10_547_400),
        (Month(2026, 2), 10_547_400),
        (Month(2026, 3), 11_086_300),
        (Month(2030, 1), 11_086_300),
    ],
)
def test_jp_is_capped_at_the_cap_in_force_that_month(month, cap):
    line = pu(["JP"], wage=20_000_000, month=month).line("JP")
    assert line.basis == cap
    assert line.employer_amount == round(cap * 2 / 100)
    assert line.worker_amount == round(cap / 100)


def test_jp_cap_of_march_2026_gives_332589():
    line = pu(["JP"], wage=20_000_000, month=Month(2026, 3)).line("JP")
    assert (line.employer_amount, line.worker_amount) == (221_726, 110_863)
    assert "B/1226/022026" in line.source


@pytest.mark.parametrize(
    ("month", "rate"),
    [
        (Month(2021, 2), "0.0046"),
        (Month(2025, 1), "0.0046"),
        (Month(2025, 2), "0.0036"),
        (Month(2026, 6), "0.0036"),
    ],
)
def test_jkp_follows_pp37_2021_then_pp6_2025_and_costs_the_payer_nothing(month, rate):
    line = pu(["JKP"], wage=8_000_000, month=month).line("JKP")
    assert line.rate == Decimal(rate)
    assert line.basis == 5_000_000
    assert line.amount == 0
    assert line.employer_amount == line.worker_amount == 0
    assert line.government_amount == 11_000


def test_jkp_before_february_2021_is_not_in_force():
    from payung.rules import RuleNotInForce

    with pytest.raises(RuleNotInForce):
        pu(["JKP"], month=Month(2021, 1))


def test_a_full_package_adds_up_and_splits_into_employer_and_worker():
    breakdown = pu(["JKK", "JKM", "JHT", "JP", "JKP"], wage=5_000_000, month=Month(2026, 3), risk_class=2)
    assert breakdown.total == 27_000 + 15_000 + 285_000 + 150_000
    assert breakdown.employer_total + breakdown.worker_total == breakdown.total
    assert breakdown.worker_total == 100_000 + 50_000


def test_pu_ignores_funder_and_sector_discounts():
    breakdown = contribution(
        segment="PU",
        programmes=["JKK", "JKM"],
        income=1_000_000,
        month=Month(2026, 6),
        risk_class=1,
        funder_type="MANDIRI",
        sector="transportasi",
    )
    assert breakdown.discount_total == 0


def test_every_jp_cap_from_2016_to_2022_cites_its_source_and_confidence():
    book = default_rulebook()
    for year in range(2016, 2022):
        version = book.version_at("pu.jp.wage_cap", Month(year, 3).first_day)
        assert version.effective_from == Month(year, 3).first_day
        assert f"batas upah {year}" in version.source
        assert version.confidence == ("U" if year == 2021 else "S")
