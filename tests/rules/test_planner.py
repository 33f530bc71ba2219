"""Cost planner: N workers over a span of months, month by month."""

import pytest

from payung.rules import InvalidInput, Month, Package, cost_plan, package_from


def test_a_mandiri_ojek_cohort_pays_half_from_january_2026_and_full_from_april_2027():
    package = package_from(
        segment="BPU",
        programmes=["JKK", "JKM"],
        income=1_000_000,
        funder_type="MANDIRI",
        sector="transportasi",
    )
    plan = cost_plan(package=package, workers=100, first_month=Month(2025, 12), months=18)
    per_worker = [month.per_worker for month in plan.months]
    assert per_worker[0] == 16_800  # Dec 2025
    assert per_worker[1:16] == [8_400] * 15  # Jan 2026 - Mar 2027
    assert per_worker[16:] == [16_800, 16_800]  # Apr, May 2027
    assert plan.total == 100 * (16_800 * 3 + 8_400 * 15)
    assert plan.discount_total == 100 * 8_400 * 15


def test_an_apbd_cohort_pays_full_all_year():
    # PPU: 15.000 workers x 12 months x Rp16.800 = Rp3,024 M (REGULATION.md 1.2)
    package = package_from(segment="BPU", programmes=["JKK", "JKM"], income=1_000_000, funder_type="APBD")
    plan = cost_plan(package=package, workers=15_000, first_month=Month(2026, 1), months=12)
    assert plan.total == 3_024_000_000
    assert plan.total_by_programme() == {"JKK": 1_800_000_000, "JKM": 1_224_000_000}


def test_the_jp_cap_changes_mid_year():
    package = Package(segment="PU", programmes=("JP",), income=20_000_000)
    plan = cost_plan(package=package, workers=1, first_month=Month(2026, 1), months=4)
    assert [month.breakdown.line("JP").basis for month in plan.months] == [
        10_547_400,
        10_547_400,
        11_086_300,
        11_086_300,
    ]


@pytest.mark.parametrize(("workers", "months"), [(0, 1), (1, 0), (-3, 2)])
def test_it_rejects_no_workers_or_no_months(workers, months):
    package = package_from(segment="BPU", programmes=["JKK"], income=1_000_000)
    with pytest.raises(InvalidInput):
        cost_plan(package=package, workers=workers, first_month=Month(2026, 1), months=months)


def test_a_plan_names_every_rule_version_that_priced_it():
    from payung.rules import Month, Package, Programme, Segment, cost_plan

    plan = cost_plan(
        package=Package(segment=Segment.PU, programmes=(Programme.JP,), income=20_000_000),
        workers=2,
        first_month=Month(2026, 1),
        months=4,
    )
    caps = [(c.effective_from.isoformat(), c.source) for c in plan.citations if c.rule == "pu.jp.wage_cap"]
    assert caps == [
        ("2025-03-01", "PP 45/2015 Pasal 29 jo. surat BPJS Ketenagakerjaan B/726/022025"),
        ("2026-03-01", "PP 45/2015 Pasal 29 jo. surat BPJS Ketenagakerjaan B/1226/022026"),
    ]
    for month in plan.months:
        for line in month.breakdown.lines:
            assert line.citations and all(citation.source for citation in line.citations)
