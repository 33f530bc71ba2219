"""Builders for coverage tests: write a CSV and import it, as an office would."""

from __future__ import annotations

from pathlib import Path

from payung.coverage.importing import import_labour_force, import_participation


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def labour_force(tmp_path: Path, *rows: str, name: str = "bps.csv"):
    return import_labour_force(
        path=write_csv(tmp_path / name, "region_code,year,labour_force,employed", list(rows))
    )


def participation(tmp_path: Path, *rows: str, name: str = "bpjs.csv"):
    return import_participation(
        path=write_csv(tmp_path / name, "region_code,month,segment,active", list(rows))
    )


def make_scheme(funder_region: str, *, funder_type: str = "APBD", year: int = 2025, name: str = "Skema"):
    """A running funding scheme (rows built directly: the coverage tests need only their shape)."""
    import datetime as dt

    from django.utils import timezone

    from payung.schemes.models import FundingScheme

    level = funder_region.count(".") + 1
    return FundingScheme.objects.create(
        name=name,
        funder_type=funder_type,
        funder_region_id=funder_region,
        province_code=funder_region[:2],
        regency_code=funder_region[:5] if level >= 2 else "",
        district_code=funder_region[:8] if level >= 3 else "",
        village_code=funder_region if level == 4 else "",
        year=year,
        budget=1_000_000_000,
        programmes=["JKK", "JKM"],
        first_month=dt.date(year, 1, 1),
        months=12,
        status="running",
        approved_at=timezone.now(),
    )


_kpj = iter(range(10**9, 2 * 10**9))


def make_membership(worker, scheme, *, start, end=None, status="active", programmes=("JKK", "JKM"), kpj=True):
    from payung.schemes.models import Membership

    return Membership.objects.create(
        worker=worker,
        scheme=scheme,
        programmes=list(programmes),
        start_month=start,
        end_month=end,
        status=status,
        kpj_number=str(next(_kpj)) if kpj else "",
        village_id=worker.village_id,
        district_code=worker.district_code,
        regency_code=worker.regency_code,
        province_code=worker.province_code,
    )
