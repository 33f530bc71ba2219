"""Every shipped table row, written out: a changed figure or date must change this file too."""

from datetime import date
from decimal import Decimal

import pytest

from payung.rules import default_rulebook
from payung.rules.versions import DiscountTerms, IncomeBrackets

D = Decimal
START = date(2015, 7, 1)
PP82 = date(2019, 12, 2)

EXPECTED_SCALARS = {
    "bill.due_day": [(START, 15)],
    "membership.lapse_after_unpaid_months": [(START, 3)],
    "eligibility.min_age": [(START, 15)],
    "eligibility.max_age": [(START, 65)],
    "bpu.jkk.rate": [(START, D("0.01"))],
    "bpu.jkm.amount": [(START, 6_800)],
    "bpu.jht.rate": [(START, D("0.02"))],
    "pu.jkk.rate.class1": [(START, D("0.0024"))],
    "pu.jkk.rate.class2": [(START, D("0.0054"))],
    "pu.jkk.rate.class3": [(START, D("0.0089"))],
    "pu.jkk.rate.class4": [(START, D("0.0127"))],
    "pu.jkk.rate.class5": [(START, D("0.0174"))],
    "pu.jkm.rate": [(START, D("0.003"))],
    "pu.jht.rate.employer": [(START, D("0.037"))],
    "pu.jht.rate.worker": [(START, D("0.02"))],
    "pu.jp.rate.employer": [(START, D("0.02"))],
    "pu.jp.rate.worker": [(START, D("0.01"))],
    "pu.jp.wage_cap": [
        (START, 7_000_000),
        (date(2016, 3, 1), 7_335_300),
        (date(2017, 3, 1), 7_703_500),
        (date(2018, 3, 1), 8_094_000),
        (date(2019, 3, 1), 8_512_400),
        (date(2020, 3, 1), 8_939_700),
        (date(2021, 3, 1), 8_754_600),
        (date(2022, 3, 1), 9_077_600),
        (date(2023, 3, 1), 9_559_600),
        (date(2024, 3, 1), 10_042_300),
        (date(2025, 3, 1), 10_547_400),
        (date(2026, 3, 1), 11_086_300),
    ],
    "pu.jkp.rate": [(date(2021, 2, 1), D("0.0046")), (date(2025, 2, 1), D("0.0036"))],
    "pu.jkp.rate.government": [(date(2021, 2, 1), D("0.0022")), (date(2025, 2, 1), D("0.0022"))],
    "pu.jkp.wage_cap": [(date(2021, 2, 1), 5_000_000), (date(2025, 2, 1), 5_000_000)],
    "jkm.lump_sum": [(START, 16_200_000), (PP82, 20_000_000)],
    "jkm.periodic": [(START, 4_800_000), (PP82, 12_000_000)],
    "jkm.funeral": [(START, 3_000_000), (PP82, 10_000_000)],
    "jkk.death.multiplier": [(START, D(48))],
    "jkk.death.minimum": [(START, 20_000_000)],
    "jkk.funeral": [(START, 3_000_000), (PP82, 10_000_000)],
    "jkk.periodic": [(START, 4_800_000), (PP82, 12_000_000)],
    "jkk.total_disability.multiplier": [(START, D(56))],
    "jkk.partial_disability.multiplier": [(START, D(80))],
    "jht.partial.housing_share": [(START, D("0.30"))],
    "jht.partial.retirement_share": [(START, D("0.10"))],
    "jht.partial.min_membership_months": [(START, 120)],
    "jht.waiting_months": [(START, 1)],
    "claim.jkk.report_days": [(START, 2)],
    "claim.lapse_years": [(START, 2), (PP82, 5)],
    "scholarship.max_age": [(PP82, 23)],
}

EXPECTED_DISCOUNTS = {
    "bpu.discount.transportasi": [
        (START, D(0), set()),
        (date(2020, 8, 1), D("0.99"), set()),
        (date(2021, 2, 1), D(0), set()),
        (date(2026, 1, 1), D("0.5"), {"APBN", "APBD"}),
        (date(2027, 4, 1), D(0), set()),
    ],
    "bpu.discount.lainnya": [
        (START, D(0), set()),
        (date(2020, 8, 1), D("0.99"), set()),
        (date(2021, 2, 1), D(0), set()),
        (date(2026, 4, 1), D("0.5"), {"APBN", "APBD"}),
        (date(2027, 1, 1), D(0), set()),
    ],
}


@pytest.mark.parametrize("rule", sorted(EXPECTED_SCALARS))
def test_every_scalar_row(rule):
    chain = default_rulebook().versions(rule)
    assert [(version.effective_from, version.value) for version in chain] == EXPECTED_SCALARS[rule]


@pytest.mark.parametrize("rule", sorted(EXPECTED_DISCOUNTS))
def test_every_discount_row(rule):
    rows = []
    for version in default_rulebook().versions(rule):
        assert isinstance(version.value, DiscountTerms)
        rows.append((version.effective_from, version.value.fraction, set(version.value.excluded_funders)))
    assert rows == EXPECTED_DISCOUNTS[rule]


def test_the_bpu_bracket_row():
    (version,) = default_rulebook().versions("bpu.income_brackets")
    assert isinstance(version.value, IncomeBrackets)
    assert [(row.up_to, row.basis, row.confidence) for row in version.value.brackets] == [
        (1_099_999, 1_000_000, "C"),
        (1_299_999, 1_200_000, "C"),
    ]
    assert (version.value.step, version.value.step_confidence) == (200_000, "U")
    assert version.confidence == "U"


def test_every_shipped_rule_is_listed_here():
    listed = {
        *EXPECTED_SCALARS,
        *EXPECTED_DISCOUNTS,
        "bpu.income_brackets",
        "scholarship.table",
        "jkk.incapacity_schedule",
    }
    assert set(default_rulebook().specs) == listed
