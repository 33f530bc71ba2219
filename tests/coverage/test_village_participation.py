"""Village participation: Solok's 54 of 74 nagari funding workers, two districts at 100 %."""

import datetime as dt
from decimal import Decimal

import pytest

from payung.coverage.selectors import village_participation
from payung.coverage.summary import refresh_registry_coverage
from payung.regions.loading import load_regions
from payung.regions.models import Region
from tests.conftest import ensure_occupations, make_worker

from .helpers import make_membership, make_scheme

pytestmark = pytest.mark.django_db


def test_54_of_74_nagari_fund_workers_and_two_districts_are_complete():
    load_regions()
    ensure_occupations()
    solok = Region.objects.get(code="13.02")
    nagari = list(Region.objects.filter(level=4, parent__parent_id="13.02").order_by("code"))
    assert len(nagari) == 74
    complete = {
        r.code for r in Region.objects.filter(parent_id="13.02", name__in=["Danau Kembar", "Junjung Sirih"])
    }
    assert len(complete) == 2
    first = [n for n in nagari if n.parent_id in complete]
    others = [n for n in nagari if n.parent_id not in complete]
    last_of_district = {n.parent_id: n for n in others}  # one nagari per other district stays out
    candidates = [n for n in others if n not in last_of_district.values()]
    funding = first + candidates[: 54 - len(first)]
    for village in funding:
        scheme = make_scheme(village.code, funder_type="APBDES", name=f"Nagari {village.name}")
        make_membership(
            make_worker(village.code), scheme, start=dt.date(2025, 7, 1), end=dt.date(2025, 12, 1)
        )
    # A regency scheme is not a village taking part; a village scheme of another year does not count for 2025.
    make_membership(
        make_worker(candidates[-1].code),
        make_scheme("13.02"),
        start=dt.date(2025, 7, 1),
        end=dt.date(2025, 12, 1),
    )
    make_membership(
        make_worker(candidates[-2].code),
        make_scheme(candidates[-2].code, funder_type="APBDES", year=2024),
        start=dt.date(2024, 7, 1),
        end=dt.date(2024, 12, 1),
    )
    refresh_registry_coverage(regency_codes=["13.02"])

    rows = village_participation(solok, 2025)
    assert sum(row.villages for row in rows) == 74
    assert sum(row.funding for row in rows) == 54
    assert (Decimal(54) * 100 / 74).quantize(Decimal("0.01")) == Decimal("72.97")
    assert {row.code for row in rows if row.complete} == complete
    assert all(row.pct == 100 for row in rows if row.complete)
    assert sum(row.workers for row in rows) == 54
    assert sum(row.funding for row in village_participation(solok, 2024)) == 1
