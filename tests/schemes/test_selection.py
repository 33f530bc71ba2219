"""Budget-fitting selection: poorest first, never over budget, quotas, conflicts with other funders."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payung.registry.models import Occupation
from payung.rules import Month
from payung.schemes.selection import REASON_BUDGET, REASON_VILLAGE_QUOTA, PlanInput, plan_selection
from tests.conftest import make_worker

from .builders import TODAY, make_scheme

pytestmark = pytest.mark.django_db

FULL_YEAR_JKK_JKM_APBD = 16_800 * 12  # Rp16.800 a month, no discount for APBD


def plan(**overrides) -> PlanInput:
    fields = dict(
        region="13.02",
        year=2026,
        budget=10_000_000,
        programmes=("JKK", "JKM"),
        first_month=Month(2026, 1),
        last_month=Month(2026, 12),
    )
    fields.update(overrides)
    return PlanInput(**fields)


def test_it_takes_the_poorest_decile_first_and_stops_at_the_budget(regions):
    rich = make_worker(name="Kaya", dtsen_decile=5)
    poor = [make_worker(name=f"Miskin {i}", dtsen_decile=1) for i in range(3)]
    middle = make_worker(name="Tengah", dtsen_decile=3)

    selection = plan_selection(plan(budget=FULL_YEAR_JKK_JKM_APBD * 4))

    assert {c.worker_id for c in selection.selected} == {w.pk for w in poor} | {middle.pk}
    assert selection.cost == FULL_YEAR_JKK_JKM_APBD * 4
    assert selection.unused == 0
    assert [c.worker_id for c in selection.below_line] == [rich.pk]
    assert selection.below_line[0].reason == REASON_BUDGET
    assert selection.by_decile == {"1": 3, "3": 1}


def test_it_never_exceeds_the_budget_and_reports_what_is_left(regions):
    for i in range(3):
        make_worker(name=f"Pekerja {i}", dtsen_decile=2)
    selection = plan_selection(plan(budget=FULL_YEAR_JKK_JKM_APBD * 2 + 5_000))
    assert len(selection.selected) == 2
    assert selection.cost <= selection.budget
    assert selection.unused == 5_000


def test_a_partial_year_is_priced_month_by_month_with_the_discount_window(regions):
    # A CSR funder gets the PP 50/2025 discount (April-December 2026 for non-transport work: Rp8.400).
    make_worker(name="Petani", dtsen_decile=1)
    selection = plan_selection(plan(funder_type="CSR", first_month=Month(2026, 1), last_month=Month(2026, 6)))
    assert selection.cost == 3 * 16_800 + 3 * 8_400


def test_per_village_quotas_hold(regions):
    for i in range(3):
        make_worker("13.02.07.2001", name=f"Koto {i}", dtsen_decile=1)
    for i in range(2):
        make_worker("13.02.07.2002", name=f"Cupak {i}", dtsen_decile=2)
    selection = plan_selection(plan(per_village_quota=2))
    assert selection.by_village == {"13.02.07.2001": 2, "13.02.07.2002": 2}
    assert selection.below_line[0].reason == REASON_VILLAGE_QUOTA


def test_eligibility_filters_deciles_age_occupation_and_area(regions):
    keep = make_worker("13.02.07.2001", name="Cocok", dtsen_decile=2)
    make_worker("13.02.07.2001", name="Desil Tinggi", dtsen_decile=6)
    make_worker("13.02.07.2001", name="Terlalu Tua", dtsen_decile=1, birth_date=dt.date(1955, 1, 1))
    make_worker("13.02.07.2001", name="Terlalu Muda", dtsen_decile=1, birth_date=dt.date(2012, 1, 1))
    make_worker("13.02.10.2001", name="Kecamatan Lain", dtsen_decile=1)
    make_worker("73.16.01.2001", name="Kabupaten Lain", dtsen_decile=1)
    make_worker(
        "13.02.07.2002", name="Nelayan", dtsen_decile=1, occupation=Occupation.objects.get(code="nelayan")
    )
    selection = plan_selection(plan(deciles=(1, 2, 3), areas=("13.02.07",), occupations=("petani",)))
    assert [c.worker_id for c in selection.selected] == [keep.pk]


def test_disability_first_orders_within_a_decile(regions):
    first = make_worker(name="Biasa", dtsen_decile=1)
    disabled = make_worker(name="Disabilitas", dtsen_decile=1, has_disability=True)
    selection = plan_selection(plan(budget=FULL_YEAR_JKK_JKM_APBD, disability_first=True))
    assert [c.worker_id for c in selection.selected] == [disabled.pk]
    assert selection.below_line[0].worker_id == first.pk


def test_a_worker_covered_by_another_scheme_is_flagged_naming_it(regions, alice):
    from payung.schemes.services.memberships import membership_propose

    worker = make_worker(name="Sudah Ditanggung", dtsen_decile=1)
    other = make_scheme(alice, name="CSR Semen Padang", funder_type="CSR")
    membership_propose(actor=alice, scheme=other, worker=worker, today=TODAY)

    selection = plan_selection(plan())
    assert selection.selected == []
    assert selection.conflicts[0].worker_id == worker.pk
    assert selection.conflicts[0].schemes == ("CSR Semen Padang",)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    deciles=st.lists(st.integers(min_value=1, max_value=10), min_size=1, max_size=12),
    transport=st.lists(st.booleans(), min_size=12, max_size=12),
    budget=st.integers(min_value=1, max_value=3_000_000),
)
def test_property_never_over_budget_and_never_a_richer_decile_over_an_affordable_poorer_one(
    regions, deciles, transport, budget
):
    from payung.registry.models import Worker

    Worker.objects.all().delete()
    ojek = Occupation.objects.get(code="ojek")
    petani = Occupation.objects.get(code="petani")
    for i, decile in enumerate(deciles):
        make_worker(name=f"W{i}", dtsen_decile=decile, occupation=ojek if transport[i] else petani)
    selection = plan_selection(plan(budget=budget, funder_type="MANDIRI"))
    assert selection.cost <= budget
    assert selection.cost == sum(c.cost for c in selection.selected)
    richest_taken = max((c.decile for c in selection.selected), default=0)
    spare = selection.unused
    for left in selection.below_line:
        if left.decile < richest_taken:
            assert left.cost > spare  # left out only because it could not be afforded


def test_a_scheme_whose_months_are_over_selects_nobody(regions, alice):
    from payung.schemes.selection import plan_for_scheme

    make_worker(dtsen_decile=1)
    scheme = make_scheme(alice, first_month=1, months=3)
    selection = plan_selection(plan_for_scheme(scheme, today=dt.date(2026, 5, 1)))
    assert (selection.selected, selection.cost) == ([], 0)
