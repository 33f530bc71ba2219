"""Targets (a percentage, or a relative increase over a base year) and the forecast of when one is met."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from payung.coverage.forecast import forecast, index_of, pace
from payung.coverage.models import Target
from payung.coverage.selectors import series, target_pct
from payung.coverage.services import TargetInput, TargetInvalid, target_set
from payung.rules import Month

from .helpers import labour_force, participation

pytestmark = pytest.mark.django_db


def test_a_relative_target_grows_the_base_year_coverage(regions, tmp_path, dina, capsys):
    # Sinjai: 40 % in 2024, Rakortek 2025 asks for at least 20 % more than 2024.
    labour_force(tmp_path, "73.07,2024,100000,95000")
    participation(tmp_path, "73.07,2024-11,BPU,39000", "73.07,2024-12,BPU,40000", "73.07,2025-03,BPU,42000")
    dina.is_superuser = True
    target = target_set(
        actor=dina,
        data=TargetInput(
            region_code="73.07",
            year=2025,
            kind="rakortek",
            mode="increase",
            increase_pct=Decimal("20"),
            base_year=2024,
            source="Rakortek 2025",
        ),
    )
    assert target_pct(target) == (Decimal("48.00"), Decimal("40.00"))
    call_command("coverage", "73.07", "--month", "2025-03", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["coverage_pct"] == 42.0  # 2024's labour force, the latest there is
    assert (result["target_pct"], result["target_year"]) == (48.0, 2025)


def test_a_percentage_target_uses_its_own_denominator_by_default(regions, tmp_path, alice, capsys):
    labour_force(tmp_path, "13.02,2025,226964,200000")
    participation(tmp_path, "13.02,2025-06,PU,31442")
    target_set(
        actor=alice,
        data=TargetInput(
            region_code="13.02", year=2026, kind="rpjmd", percent=Decimal("20"), denominator_kind="employed"
        ),
    )
    call_command("coverage", "13.02", "--month", "2025-06", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["denominator_kind"] == "employed"
    assert result["coverage_pct"] == 15.72
    assert (result["target_pct"], result["target_year"]) == (20.0, 2026)


def test_the_yearly_plan_wins_over_the_five_year_plan_for_its_year(regions, alice):
    target_set(
        actor=alice, data=TargetInput(region_code="13.02", year=2026, kind="rpjmd", percent=Decimal("30"))
    )
    target_set(
        actor=alice, data=TargetInput(region_code="13.02", year=2026, kind="renja", percent=Decimal("25"))
    )
    target_set(
        actor=alice, data=TargetInput(region_code="13.02", year=2026, kind="renja", percent=Decimal("26"))
    )
    from payung.coverage.selectors import target_for_month

    assert target_for_month("13.02", 2026).percent == Decimal("26")
    assert Target.objects.count() == 2


def test_only_an_admin_of_the_region_sets_targets_and_bad_values_are_refused(regions, alice, bob, charlie):
    with pytest.raises(TargetInvalid):
        target_set(
            actor=bob, data=TargetInput(region_code="13.02", year=2026, kind="rpjmd", percent=Decimal("30"))
        )
    with pytest.raises(TargetInvalid):
        target_set(
            actor=alice, data=TargetInput(region_code="73.16", year=2026, kind="rpjmd", percent=Decimal("30"))
        )
    with pytest.raises(TargetInvalid, match="100"):
        target_set(
            actor=alice,
            data=TargetInput(region_code="13.02", year=2026, kind="rpjmd", percent=Decimal("120")),
        )
    with pytest.raises(TargetInvalid, match="Tahun dasar"):
        target_set(
            actor=alice,
            data=TargetInput(
                region_code="13.02",
                year=2026,
                kind="rakortek",
                mode="increase",
                increase_pct=Decimal("20"),
                base_year=2026,
            ),
        )
    assert not Target.objects.exists()


JANUARY_2024 = Month(2024, 1)


def linear_series(start=JANUARY_2024, months=24, first=10_000, step=500):
    return [(index_of(start) + k, first + step * k) for k in range(months)]


def test_the_pace_of_an_exactly_linear_series_is_its_step():
    assert pace(linear_series()) == Decimal(500)


def test_a_target_within_reach_is_met_on_time_at_the_current_pace():
    # Dec 2025: 21,500; +500 a month; 25,000 needs 3,500 more = 7 months -> July 2026.
    result = forecast(linear_series(), target_participants=25_000, deadline=Month(2026, 12))
    assert result.last_month == Month(2025, 12)
    assert result.reached_month == Month(2026, 7)
    assert result.on_time
    assert (result.extra_per_month, result.shortfall_at_deadline, result.yearly_budget) == (0, 0, 0)


def test_a_far_target_says_what_it_takes_to_meet_it_on_time():
    # 40,000 by Dec 2026: 18,500 more in 12 months = 1,542 a month, 1,042 more than the pace;
    # at the pace Dec 2026 has 27,500, so 12,500 workers more at Rp16.800 (APBD JKK+JKM) for 12 months.
    result = forecast(linear_series(), target_participants=40_000, deadline=Month(2026, 12))
    assert result.reached_month == Month(2029, 1)
    assert not result.on_time
    assert result.needed_per_month == 1_542
    assert result.extra_per_month == 1_042
    assert result.shortfall_at_deadline == 12_500
    assert result.per_worker_month == 16_800
    assert result.yearly_budget == 12_500 * 16_800 * 12


def test_a_flat_series_never_reaches_the_target():
    result = forecast(linear_series(step=0), target_participants=20_000, deadline=Month(2026, 12))
    assert result.reached_month is None and not result.on_time
    assert result.extra_per_month == 834  # 10,000 in 12 months


def test_a_target_already_met_reports_the_month_it_was_met():
    result = forecast(linear_series(), target_participants=12_000, deadline=Month(2026, 12))
    assert result.already_reached and result.reached_month == Month(2024, 5)


def test_the_series_follows_imported_reports(regions, tmp_path):
    labour_force(tmp_path, "13.02,2025,100000,90000")
    participation(tmp_path, *[f"13.02,2025-{m:02d},BPU,{1000 * m}" for m in range(1, 7)])
    points = series("13.02", "labour_force")
    assert [p.participants for p in points] == [1000, 2000, 3000, 4000, 5000, 6000]
    assert points[-1].coverage_pct == Decimal("6.00")
