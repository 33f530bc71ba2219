"""Kabupaten Solok as the seed article gives it: June 2025, 31.442 participants of 226.964 in the
labour force (13,85 %), built through the coverage imports as tests/coverage does, with one
village-funded worker, a Renja target for 2025 and 2026 and a scheme drafted for 2026."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from payung.coverage.models import Target
from payung.coverage.summary import refresh_registry_coverage
from tests.coverage.helpers import labour_force, make_membership, make_scheme, participation


@pytest.fixture
def solok(regions, tmp_path, worker_factory):
    labour_force(
        tmp_path, "13.02,2025,226964,215500", "13.02.07,2025,100000,95000", "13.02.10,2025,126964,120500"
    )
    # June 2025: 9.600 + 5.300 + 16.542 = 31.442.
    participation(
        tmp_path,
        *[f"13.02.07,2025-{m:02d},BPU,{9000 + 100 * m}" for m in range(1, 7)],
        *[f"13.02.10,2025-{m:02d},BPU,{5000 + 50 * m}" for m in range(1, 7)],
        *[f"13.02.10,2025-{m:02d},PU,{16482 + 10 * m}" for m in range(1, 7)],
    )
    scheme = make_scheme("13.02.07.2001", funder_type="APBDES", name="Nagari Koto Gaek")
    worker = worker_factory("13.02.07.2001", name="Rosmiati Koto", nik="1302075203850001")
    make_membership(worker, scheme, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 1))
    refresh_registry_coverage(regency_codes=["13.02"])
    for year, percent in ((2025, "15.00"), (2026, "20.00")):
        Target.objects.create(
            region_id="13.02",
            province_code="13",
            year=year,
            kind="renja",
            percent=Decimal(percent),
            source="Renja Disnaker",
        )
    draft = make_scheme("13.02", name="Jamsostek Rentan 2026", year=2026)
    draft.status = "draft"
    draft.save(update_fields=["status"])
    return scheme
