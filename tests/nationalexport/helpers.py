"""A small Solok with memberships of every status, coverage figures, denominators and a target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from payung.coverage.models import CoverageMonth, LabourForceStat, Target
from payung.schemes.models import MembershipMonth
from tests.conftest import make_worker
from tests.coverage.helpers import make_membership, make_scheme

YEAR = 2025
KEY = "a-national-key-for-tests-only-0123"


def hold(membership, months, programmes=("JKK", "JKM")):
    MembershipMonth.objects.bulk_create(
        MembershipMonth(
            membership=membership, worker=membership.worker, programme=p, month=dt.date(YEAR, m, 1)
        )
        for m in months
        for p in programmes
    )


def build_solok():
    """Workers of Solok: active (Jan-Jun), submitted (Mar-Apr), lapsed (Jan-Feb), proposed (not exported)."""
    scheme = make_scheme("13.02", year=YEAR, name="Perlindungan Pekerja Rentan Solok")
    people = {}
    for key, name, phone, status, months in [
        ("active", "Siti Rahmawati", "081234567801", "active", range(1, 7)),
        ("submitted", "Budi Santoso", "081234567802", "submitted", range(3, 5)),
        ("lapsed", "Yusuf Hamdani", "081234567803", "lapsed", range(1, 3)),
        ("proposed", "Rina Marlina", "081234567804", "proposed", range(1, 13)),
    ]:
        worker = make_worker("13.02.07.2001", name=name, phone=phone)
        membership = make_membership(
            worker,
            scheme,
            start=dt.date(YEAR, months[0], 1),
            end=dt.date(YEAR, months[-1], 1),
            status=status,
            kpj=status in ("active", "lapsed"),
        )
        hold(membership, months)
        people[key] = worker
    CoverageMonth.objects.create(
        region_id="13.02",
        level=2,
        province_code="13",
        regency_code="13.02",
        month=dt.date(YEAR, 1, 1),
        source="bpjs_report",
        segment="BPU",
        funder_type="",
        participants=250,
    )
    LabourForceStat.objects.create(
        region_id="13.02", province_code="13", year=YEAR, labour_force=200_000, employed=190_000
    )
    Target.objects.create(
        region_id="13.02",
        province_code="13",
        year=YEAR,
        kind="rpjmd",
        percent=Decimal("45.50"),
        source="RPJMD",
    )
    return scheme, people
