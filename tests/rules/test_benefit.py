"""Benefits: JKM, JKK, scholarships and JHT payout, each with its source and dates."""

from datetime import date
from decimal import Decimal

import pytest

from payung.rules import BenefitKind, InvalidInput, JhtReason, NotAvailable, benefit

TODAY = date(2026, 5, 10)


def amounts(result):
    return {line.component: line.amount for line in result.lines}


def test_jkm_death_pays_42_million_as_20_plus_12_plus_10():
    result = benefit(kind=BenefitKind.JKM_DEATH, event_date=TODAY)
    assert amounts(result) == {"lump_sum": 20_000_000, "periodic": 12_000_000, "funeral": 10_000_000}
    assert result.total == 42_000_000
    assert all("PP 82/2019" in line.source for line in result.lines)


def test_jkm_before_pp82_2019_paid_24_million():
    before = benefit(kind=BenefitKind.JKM_DEATH, event_date=date(2019, 12, 1))
    after = benefit(kind=BenefitKind.JKM_DEATH, event_date=date(2019, 12, 2))
    assert before.total == 16_200_000 + 4_800_000 + 3_000_000
    assert after.total == 42_000_000


@pytest.mark.parametrize(
    ("level", "yearly"),
    [("TK_SD", 1_500_000), ("SMP", 2_000_000), ("SMA", 3_000_000), ("PT", 12_000_000)],
)
def test_each_scholarship_level_pays_its_yearly_amount(level, yearly):
    result = benefit(kind=BenefitKind.SCHOLARSHIP, event_date=TODAY, children=[level], contribution_months=36)
    assert result.total == yearly


def test_scholarship_caps_add_up_to_87_million_per_child_and_174_for_two():
    from payung.rules import default_rulebook

    table = default_rulebook().value_at("scholarship.table", TODAY)
    assert [(row.level, row.max_amount) for row in table.levels] == [
        ("TK_SD", 12_000_000),
        ("SMP", 6_000_000),
        ("SMA", 9_000_000),
        ("PT", 60_000_000),
    ]
    assert table.max_per_child == 87_000_000
    assert table.max_per_child * table.max_children == 174_000_000
    assert table.remaining_from("SMA") == 69_000_000


def test_scholarship_needs_three_years_of_contributions():
    too_short = benefit(
        kind=BenefitKind.SCHOLARSHIP, event_date=TODAY, children=["SMP"], contribution_months=35
    )
    assert too_short.total == 0
    assert "at least 36" in too_short.lines[0].note


def test_only_two_children_receive_a_scholarship():
    result = benefit(
        kind=BenefitKind.JKM_DEATH,
        event_date=TODAY,
        children=["PT", "SMA", "TK_SD"],
        contribution_months=48,
    )
    assert amounts(result)["scholarship_child_1"] == 12_000_000
    assert amounts(result)["scholarship_child_2"] == 3_000_000
    assert amounts(result)["scholarship_child_3"] == 0
    assert result.total == 42_000_000 + 15_000_000


def test_scholarship_before_pp82_2019_was_one_12_million_payment_after_five_years():
    result = benefit(
        kind=BenefitKind.SCHOLARSHIP, event_date=date(2019, 1, 1), children=["SMA"], contribution_months=60
    )
    assert result.total == 12_000_000
    short = benefit(
        kind=BenefitKind.SCHOLARSHIP, event_date=date(2019, 1, 1), children=["SMA"], contribution_months=59
    )
    assert short.total == 0


def test_scholarship_needs_children_and_masa_iur():
    with pytest.raises(InvalidInput):
        benefit(kind=BenefitKind.SCHOLARSHIP, event_date=TODAY, children=[], contribution_months=40)
    with pytest.raises(InvalidInput, match="masa iur"):
        benefit(kind=BenefitKind.SCHOLARSHIP, event_date=TODAY, children=["SMP"])


def test_jkk_death_pays_48_times_the_wage_plus_funeral_and_periodic():
    result = benefit(kind=BenefitKind.JKK_DEATH, event_date=TODAY, wage=1_000_000)
    assert amounts(result) == {"death": 48_000_000, "funeral": 10_000_000, "periodic": 12_000_000}
    assert result.lines[0].factor == Decimal(48)


def test_jkk_death_has_a_minimum_of_20_million():
    result = benefit(kind=BenefitKind.JKK_DEATH, event_date=TODAY, wage=400_000)
    assert amounts(result)["death"] == 20_000_000
    assert "below the minimum" in result.lines[0].note


def test_total_permanent_disability_pays_56_times_the_wage():
    result = benefit(kind=BenefitKind.JKK_TOTAL_DISABILITY, event_date=TODAY, wage=3_000_000)
    assert amounts(result) == {"total_disability": 168_000_000, "periodic": 12_000_000}


def test_partial_disability_pays_percent_times_80_times_wage():
    result = benefit(
        kind=BenefitKind.JKK_PARTIAL_DISABILITY,
        event_date=TODAY,
        wage=2_000_000,
        disability_percent=Decimal(10),
    )
    assert result.total == 16_000_000
    with pytest.raises(InvalidInput):
        benefit(
            kind=BenefitKind.JKK_PARTIAL_DISABILITY, event_date=TODAY, wage=2_000_000, disability_percent=0
        )


@pytest.mark.parametrize(
    ("months", "total"),
    [(0, 0), (3, 3_000_000), (12, 12_000_000), (13, 12_500_000), (18, 15_000_000)],
)
def test_temporary_incapacity_pays_100_percent_for_12_months_then_50(months, total):
    result = benefit(
        kind=BenefitKind.JKK_TEMPORARY_INCAPACITY, event_date=TODAY, wage=1_000_000, incapacity_months=months
    )
    assert result.total == total


def test_temporary_incapacity_before_pp82_2019_had_a_75_percent_step():
    result = benefit(
        kind=BenefitKind.JKK_TEMPORARY_INCAPACITY,
        event_date=date(2019, 6, 1),
        wage=1_000_000,
        incapacity_months=13,
    )
    assert result.total == 6_000_000 + 4_500_000 + 500_000


def test_jkk_benefits_need_a_wage():
    with pytest.raises(InvalidInput, match="wage"):
        benefit(kind=BenefitKind.JKK_DEATH, event_date=TODAY)


@pytest.mark.parametrize(
    "reason",
    [JhtReason.PENSION_AGE, JhtReason.DEATH, JhtReason.TOTAL_DISABILITY, JhtReason.LEFT_INDONESIA],
)
def test_jht_pays_the_whole_balance_at_once(reason):
    result = benefit(kind=BenefitKind.JHT_PAYOUT, event_date=TODAY, jht_balance=7_654_321, jht_reason=reason)
    assert result.total == 7_654_321
    assert result.payable_from == TODAY


def test_jht_after_stopping_work_waits_one_month():
    result = benefit(
        kind=BenefitKind.JHT_PAYOUT, event_date=TODAY, jht_balance=5_000_000, jht_reason="stopped_working"
    )
    assert result.total == 5_000_000
    assert result.payable_from == date(2026, 6, 10)
    assert "Permenaker 4/2022" in result.lines[0].source


def test_partial_jht_withdrawal_needs_ten_years():
    housing = benefit(
        kind=BenefitKind.JHT_PAYOUT,
        event_date=TODAY,
        jht_balance=10_000_000,
        jht_reason="partial_housing",
        contribution_months=120,
    )
    assert housing.total == 3_000_000
    retirement = benefit(
        kind=BenefitKind.JHT_PAYOUT,
        event_date=TODAY,
        jht_balance=10_000_000,
        jht_reason="partial_retirement",
        contribution_months=130,
    )
    assert retirement.total == 1_000_000
    with pytest.raises(NotAvailable, match="at least 120 months"):
        benefit(
            kind=BenefitKind.JHT_PAYOUT,
            event_date=TODAY,
            jht_balance=10_000_000,
            jht_reason="partial_housing",
            contribution_months=119,
        )


def test_jht_payout_needs_a_balance_and_a_reason():
    with pytest.raises(InvalidInput):
        benefit(kind=BenefitKind.JHT_PAYOUT, event_date=TODAY, jht_balance=-1, jht_reason="death")
    with pytest.raises(InvalidInput, match="reason"):
        benefit(kind=BenefitKind.JHT_PAYOUT, event_date=TODAY, jht_balance=1)


def test_every_benefit_line_cites_a_source():
    results = [
        benefit(kind=BenefitKind.JKM_DEATH, event_date=TODAY, children=["SMP"], contribution_months=40),
        benefit(kind=BenefitKind.JKK_DEATH, event_date=TODAY, wage=2_000_000),
        benefit(
            kind=BenefitKind.JKK_TEMPORARY_INCAPACITY, event_date=TODAY, wage=2_000_000, incapacity_months=20
        ),
    ]
    for result in results:
        assert all(line.source for line in result.lines)


@pytest.mark.parametrize("kind", [BenefitKind.JKK_DEATH, BenefitKind.JKK_TOTAL_DISABILITY])
@pytest.mark.parametrize("months", [None, 0, 5])
def test_jkk_scholarships_need_no_masa_iur(kind, months):
    # PP 82/2019: the 3-year condition belongs to the JKM scholarship (death not from work) only.
    result = benefit(
        kind=kind,
        event_date=TODAY,
        wage=1_000_000,
        children=["SMP", "PT"],
        contribution_months=months,
    )
    assert amounts(result)["scholarship_child_1"] == 2_000_000
    assert amounts(result)["scholarship_child_2"] == 12_000_000


def test_the_jkm_scholarship_still_needs_36_months():
    result = benefit(kind=BenefitKind.JKM_DEATH, event_date=TODAY, children=["SMP"], contribution_months=35)
    assert amounts(result)["scholarship"] == 0
    with pytest.raises(InvalidInput):
        benefit(kind=BenefitKind.JKM_DEATH, event_date=TODAY, children=["SMP"])


@pytest.mark.parametrize(
    ("stopped", "payable"),
    [
        (date(2026, 3, 31), date(2026, 4, 30)),  # not the 28th
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2026, 1, 29), date(2026, 2, 28)),
        (date(2026, 5, 30), date(2026, 6, 30)),
        (date(2026, 12, 31), date(2027, 1, 31)),
        (date(2026, 3, 15), date(2026, 4, 15)),
    ],
)
def test_the_jht_waiting_month_ends_on_the_same_day_or_the_months_last_day(stopped, payable):
    result = benefit(
        kind=BenefitKind.JHT_PAYOUT, event_date=stopped, jht_balance=1_000_000, jht_reason="stopped_working"
    )
    assert result.payable_from == payable
