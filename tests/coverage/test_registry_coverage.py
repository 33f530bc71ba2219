"""Payung's own memberships in the summary: counted once, rolled up, a breakdown of the BPJS BPU figure."""

import datetime as dt

import pytest

from payung.coverage.models import CoverageMonth, OccupationMonth
from payung.coverage.outbox import refresh_pending
from payung.coverage.selectors import figures, occupation_gaps
from payung.coverage.summary import refresh_registry_coverage
from payung.regions.models import Region
from payung.registry.models import Occupation

from .helpers import labour_force, make_membership, make_scheme, participation

pytestmark = pytest.mark.django_db
JAN, MAR, JUN, DEC = (dt.date(2025, m, 1) for m in (1, 3, 6, 12))


def registry_total(code, month):
    rows = CoverageMonth.objects.filter(region_id=code, month=month, source="registry")
    return sum(rows.values_list("participants", flat=True))


@pytest.fixture
def memberships(worker_factory):
    apbd = make_scheme("13.02", funder_type="APBD", name="APBD Solok")
    nagari = make_scheme("13.02.07.2002", funder_type="APBDES", name="Nagari Cupak")
    workers = [worker_factory("13.02.07.2001", name=f"Petani {i}") for i in range(3)]
    workers += [worker_factory("13.02.07.2002", name=f"Pedagang {i}") for i in range(2)]
    workers += [worker_factory("13.02.10.2001", name="Nelayan")]
    for worker in workers[:3]:
        make_membership(worker, apbd, start=JAN, end=DEC)
    make_membership(workers[3], nagari, start=MAR, end=DEC)
    make_membership(workers[4], nagari, start=MAR, end=dt.date(2025, 4, 1), status="lapsed")
    make_membership(workers[5], apbd, start=JAN, end=DEC, status="submitted", kpj=False)
    # A JHT add-on from another scheme is not a second person.
    make_membership(workers[0], make_scheme("13.02", name="JHT"), start=JAN, end=DEC, programmes=("JHT",))
    refresh_registry_coverage(regency_codes=["13.02"])
    return workers


def test_memberships_count_once_per_worker_and_month_and_roll_up(memberships):
    assert registry_total("13.02.07.2001", JAN) == 3
    assert registry_total("13.02.07.2002", MAR) == 2
    assert registry_total("13.02.07.2002", JUN) == 1  # lapsed after April
    assert registry_total("13.02.10.2001", JUN) == 0  # submitted only: not covered
    for month in (JAN, MAR, JUN):
        villages = registry_total("13.02.07.2001", month) + registry_total("13.02.07.2002", month)
        assert registry_total("13.02.07", month) == villages
        assert registry_total("13.02", month) == registry_total("13.02.07", month) + registry_total(
            "13.02.10", month
        )
        assert registry_total("13", month) == registry_total("13.02", month)
    funders = dict(
        CoverageMonth.objects.filter(region_id="13.02", month=MAR, source="registry").values_list(
            "funder_type", "participants"
        )
    )
    assert funders == {"APBD": 3, "APBDES": 2}


def test_the_bpjs_report_is_the_total_and_memberships_break_down_its_bpu_part(memberships, tmp_path):
    labour_force(tmp_path, "13.02,2025,1000,900")
    participation(tmp_path, "13.02,2025-06,BPU,40", "13.02,2025-06,PU,60")
    (figure,) = figures([Region.objects.get(code="13.02")], JUN, "labour_force")
    assert figure.participants == 100  # not 100 + 4
    assert figure.source == "bpjs_report"
    assert figure.funders == {"APBD": 3, "APBDES": 1}
    assert figure.bpu_outside_payung == 36
    assert figure.coverage_pct == 10


def test_without_a_report_memberships_are_a_lower_bound(memberships):
    (figure,) = figures([Region.objects.get(code="13.02")], JUN, "labour_force")
    assert (figure.participants, figure.source) == (4, "registry")
    assert "batas bawah" in " ".join(figure.notes)


def test_a_refresh_for_some_months_leaves_the_others(memberships):
    before = registry_total("13.02", JAN)
    CoverageMonth.objects.filter(source="registry", month=JAN).update(participants=99)
    refresh_registry_coverage(regency_codes=["13.02"], months=[JUN])
    assert registry_total("13.02.07.2001", JAN) == 99
    refresh_registry_coverage(regency_codes=["13.02"], months=[JAN])
    assert registry_total("13.02", JAN) == before


def test_the_gap_by_occupation_counts_registered_workers_not_covered(memberships, worker_factory):
    worker_factory("13.02.10.2001", name="Nelayan Dua", occupation=Occupation.objects.get(code="nelayan"))
    refresh_registry_coverage(regency_codes=["13.02"])
    month = dt.date.today().replace(day=1)
    assert OccupationMonth.objects.filter(region_id="13.02", month=month).exists()
    gaps = {
        gap.code: (gap.registered, gap.covered)
        for gap in occupation_gaps(Region.objects.get(code="13.02"), JUN)
    }
    # Registered = workers in the registry now, the same for every month.
    assert gaps == {"petani": (6, 4), "nelayan": (1, 0)}
    gaps = {
        gap.code: (gap.registered, gap.covered)
        for gap in occupation_gaps(Region.objects.get(code="13.02"), month)
    }
    assert gaps == {"petani": (6, 0), "nelayan": (1, 0)}


def test_activating_and_lapsing_through_the_lifecycle_services_updates_the_summary(worker_factory, alice):
    from payung.schemes.services.memberships import membership_activate, membership_lapse

    this_month = dt.date.today().replace(day=1)
    scheme = make_scheme("13.02", year=this_month.year)
    membership = make_membership(
        worker_factory("13.02.07.2001"),
        scheme,
        start=this_month,
        end=this_month,
        status="submitted",
        kpj=False,
    )
    membership_activate(actor=alice, membership=membership, kpj_number="25123456789")
    # One row per month the membership can count in (this month to the scheme's last), in its regency.
    assert refresh_pending() == 13 - this_month.month
    assert registry_total("13.02", this_month) == 1
    membership_lapse(actor=alice, membership=membership, first_unpaid=this_month)
    assert refresh_pending() == 13 - this_month.month
    assert registry_total("13.02", this_month) == 0
