"""Property tests: never negative, whole Rupiah, monotone in income, no discount for excluded funders."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from payung.rules import (
    BenefitKind,
    FunderType,
    Month,
    Programme,
    Sector,
    benefit,
    contribution,
    default_rulebook,
)

months = st.builds(Month, st.integers(2015, 2030), st.integers(1, 12)).filter(lambda m: m >= Month(2015, 7))
incomes = st.integers(1, 200_000_000)
funders = st.sampled_from(list(FunderType))
sectors = st.sampled_from(list(Sector))
bpu_programmes = st.sets(st.sampled_from([Programme.JKK, Programme.JKM, Programme.JHT]), min_size=1)
pu_programmes = st.sets(
    st.sampled_from([Programme.JKK, Programme.JKM, Programme.JHT, Programme.JP]), min_size=1
)
risk_classes = st.integers(1, 5)


@given(programmes=bpu_programmes, income=incomes, month=months, funder=funders, sector=sectors)
def test_bpu_amounts_are_whole_non_negative_rupiah(programmes, income, month, funder, sector):
    breakdown = contribution(
        segment="BPU", programmes=programmes, income=income, month=month, funder_type=funder, sector=sector
    )
    for line in breakdown.lines:
        for value in (line.amount, line.discount, line.normal_amount, line.worker_amount):
            assert type(value) is int
            assert value >= 0
        assert line.amount == line.normal_amount - line.discount
    assert breakdown.total >= 0


@given(programmes=pu_programmes, wage=incomes, month=months, risk=risk_classes)
def test_pu_amounts_are_whole_non_negative_and_shares_add_up(programmes, wage, month, risk):
    breakdown = contribution(segment="PU", programmes=programmes, income=wage, month=month, risk_class=risk)
    for line in breakdown.lines:
        assert type(line.amount) is int
        assert line.amount >= 0
        assert line.amount == line.employer_amount + line.worker_amount


@given(
    programmes=bpu_programmes,
    low=incomes,
    extra=st.integers(0, 50_000_000),
    month=months,
    funder=funders,
    sector=sectors,
)
def test_bpu_contribution_never_decreases_when_income_rises(programmes, low, extra, month, funder, sector):
    def total(income):
        return contribution(
            segment="BPU",
            programmes=programmes,
            income=income,
            month=month,
            funder_type=funder,
            sector=sector,
        ).total

    assert total(low) <= total(low + extra)


@given(
    programmes=pu_programmes, low=incomes, extra=st.integers(0, 50_000_000), month=months, risk=risk_classes
)
def test_pu_contribution_never_decreases_when_wage_rises(programmes, low, extra, month, risk):
    def total(wage):
        return contribution(
            segment="PU", programmes=programmes, income=wage, month=month, risk_class=risk
        ).total

    assert total(low) <= total(low + extra)


@given(
    income=incomes, month=months, funder=st.sampled_from([FunderType.APBN, FunderType.APBD]), sector=sectors
)
def test_apbn_and_apbd_funders_never_get_a_pp50_discount(income, month, funder, sector):
    breakdown = contribution(
        segment="BPU",
        programmes=["JKK", "JKM", "JHT"],
        income=income,
        month=month,
        funder_type=funder,
        sector=sector,
    )
    if month >= Month(2021, 2):  # the Covid relief of 2020-21 excluded no funder
        assert breakdown.discount_total == 0


@given(income=incomes, month=months, sector=sectors)
def test_apbdes_gets_no_discount_when_the_setting_excludes_it(income, month, sector):
    book = default_rulebook(apbdes_excluded_from_discount=True)
    breakdown = contribution(
        segment="BPU",
        programmes=["JKK", "JKM"],
        income=income,
        month=month,
        funder_type="APBDES",
        sector=sector,
        rulebook=book,
    )
    if month >= Month(2021, 2):
        assert breakdown.discount_total == 0


@given(wage=incomes, month=months)
def test_jp_basis_never_exceeds_the_cap_in_force(wage, month):
    line = contribution(segment="PU", programmes=["JP"], income=wage, month=month).line("JP")
    cap = default_rulebook().value_at("pu.jp.wage_cap", month.first_day)
    assert line.basis <= cap
    assert line.amount <= round(cap * 3 / 100) + 1


@settings(max_examples=50)
@given(
    wage=incomes,
    months_off=st.integers(0, 60),
    day=st.dates(min_value=date(2015, 7, 1), max_value=date(2030, 12, 31)),
)
def test_jkk_benefits_are_whole_non_negative_and_grow_with_the_wage(wage, months_off, day):
    for kind in (
        BenefitKind.JKK_DEATH,
        BenefitKind.JKK_TOTAL_DISABILITY,
        BenefitKind.JKK_TEMPORARY_INCAPACITY,
    ):
        low = benefit(kind=kind, event_date=day, wage=wage, incapacity_months=months_off)
        high = benefit(kind=kind, event_date=day, wage=wage + 1_000, incapacity_months=months_off)
        assert all(type(line.amount) is int and line.amount >= 0 for line in low.lines)
        assert low.total <= high.total
