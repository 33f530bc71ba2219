"""Packages made by hand with the package writer, as `payung national_export` writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from payung.national.format import COVERAGE, DENOMINATORS, MEMBERSHIP_MONTHS, TARGETS, PackageWriter, nik_hash

KEY = b"national-test-key-0123456789"
YEAR = 2026


def nik(serial: int, regency: str = "13.02") -> str:
    """A 16-digit NIK-shaped string (the job never checks NIKs, it only sees their hashes)."""
    return f"{regency.replace('.', '')}01{serial:010d}"


def month(number: int, year: int = YEAR) -> dt.date:
    return dt.date(year, number, 1)


def make_package(
    folder: Path,
    instance_id: str,
    regency: str,
    holdings: list[tuple[str, list[int]]],
    *,
    funder_type: str = "APBD",
    scheme_id: int = 1,
    programmes: tuple[str, ...] = ("JKK", "JKM"),
    bpjs: dict[int, int] | None = None,
    labour_force: int = 1000,
    target_pct: float | None = 40.0,
    key: bytes = KEY,
    name: str | None = None,
    year: int = YEAR,
) -> Path:
    """A package of one regency: `holdings` = (NIK, months held); BPJS figures by month (BPU)."""
    province = regency[:2]
    writer = PackageWriter(folder)
    rows = [
        (
            instance_id,
            nik_hash(key, worker_nik),
            programme,
            month(number, year),
            programme == "JKK",
            funder_type,
            regency,
            scheme_id,
            province,
            regency,
            f"{regency}.01",
            f"{regency}.01.2001",
            "BPU",
            "active",
        )
        for worker_nik, months in holdings
        for number in months
        for programme in programmes
    ]
    writer.write(MEMBERSHIP_MONTHS, rows)
    writer.write(
        COVERAGE,
        [
            (
                instance_id,
                regency,
                2,
                province,
                regency,
                month(number, year),
                "bpjs_report",
                "BPU",
                "",
                active,
                False,
            )
            for number, active in (bpjs or {}).items()
        ],
    )
    writer.write(DENOMINATORS, [(instance_id, regency, 2, province, year, labour_force, labour_force - 50)])
    if target_pct is not None:
        writer.write(
            TARGETS, [(instance_id, regency, 2, province, year, "rpjmd", "percent", target_pct, "RPJMD")]
        )
    writer.finish(
        instance={"id": instance_id, "name": name or f"Payung {regency}"},
        regions=[regency],
        period={"year": year, "first_month": f"{year}-01", "last_month": f"{year}-12"},
        key=key,
        created_at=f"{year}-12-31T00:00:00+07:00",
    )
    return folder
