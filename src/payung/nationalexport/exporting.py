"""`payung national_export`: this Payung's national package, streamed from the database.

Rows come through server-side cursors (`iterator(chunk_size=...)`) and leave as Parquet part files of
one chunk each, so memory stays at one chunk whatever the regency's size. What leaves: membership
months of memberships BPJS knows or pays for (submitted, active, lapsed), the NIK only as
`nik_hash` (HMAC-SHA256 under the national key), the coverage summaries, BPS denominators and targets
of the year. No name, phone, birth date, address or KK: the queries never select them.
The package is written in a scratch folder beside `out` and renamed into place when complete.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from payung.coverage.models import CoverageMonth, LabourForceStat, Target
from payung.coverage.summary import COUNTED_PROGRAMMES
from payung.lib import dates
from payung.national import format as package_format
from payung.national.format import PackageWriter
from payung.nationalexport.models import this_instance
from payung.schemes.models import FundingScheme, MembershipMonth, MembershipStatus

# Statuses of memberships BPJS knows or is paying (proposed ones are still the regency's plan).
EXPORTED_STATUSES = (MembershipStatus.SUBMITTED, MembershipStatus.ACTIVE, MembershipStatus.LAPSED)
CHUNK_ROWS = 50_000


class ExportRefused(Exception):
    pass


def national_key(key_file: str | None) -> bytes:
    try:
        return package_format.read_key(env_value=settings.PAYUNG_NATIONAL_KEY, key_file=key_file)
    except OSError as error:
        raise ExportRefused(f"cannot read the key file: {error}") from None
    except ValueError as error:
        raise ExportRefused(str(error)) from None


def served_regions(year: int) -> list[str]:
    """PAYUNG_INSTANCE_REGIONS, else the funder regions of the year's schemes, the highest of each line."""
    configured = [code.strip() for code in settings.PAYUNG_INSTANCE_REGIONS.split(",") if code.strip()]
    codes = set(configured) or set(
        FundingScheme.objects.of_year(year).values_list("funder_region_id", flat=True).distinct()
    )
    return sorted(c for c in codes if not any(c.startswith(f"{other}.") for other in codes))


def export_package(
    out: str | Path, *, year: int | None = None, key: bytes, chunk_rows: int = CHUNK_ROWS
) -> dict:
    """Write the package into `out` (new or empty); the manifest. ExportRefused when it cannot."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportRefused(f"{out}: --out must be a new or empty folder")
    year = year or dates.today().year
    if not 2000 <= year <= 2100:
        raise ExportRefused(f"--year {year}: not a year this package can hold")
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        instance = this_instance()
        writer = PackageWriter(scratch)
        first, after = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        with transaction.atomic():  # one consistent read of every table
            _membership_months(writer, str(instance.id), key, first, after, chunk_rows)
            _coverage(writer, str(instance.id), first, after, chunk_rows)
            _denominators(writer, str(instance.id), year)
            _targets(writer, str(instance.id), year)
            manifest = writer.finish(
                instance={
                    "id": str(instance.id),
                    "name": settings.PAYUNG_INSTANCE_NAME or f"payung-{str(instance.id)[:8]}",
                },
                regions=served_regions(year),
                period={"year": year, "first_month": f"{year}-01", "last_month": f"{year}-12"},
                key=key,
                created_at=dates.now().isoformat(timespec="seconds"),
            )
        if out.exists():
            out.rmdir()
        scratch.replace(out)
        return manifest
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _in_chunks(writer: PackageWriter, kind: str, rows, chunk_rows: int) -> None:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk_rows:
            writer.write(kind, batch)
            batch = []
    writer.write(kind, batch)


def _membership_months(writer, instance_id, key, first, after, chunk_rows) -> None:
    rows = (
        MembershipMonth.objects.filter(
            membership__status__in=EXPORTED_STATUSES, month__gte=first, month__lt=after
        )
        .order_by("membership__province_code", "month", "id")
        .values_list(
            "worker__nik",
            "programme",
            "month",
            "membership__scheme__funder_type",
            "membership__scheme__funder_region_id",
            "membership__scheme_id",
            "membership__province_code",
            "membership__regency_code",
            "membership__district_code",
            "membership__village_id",
            "membership__scheme__segment",
            "membership__status",
        )
        .iterator(chunk_size=chunk_rows)
    )
    counted = COUNTED_PROGRAMMES
    hashed = (
        (instance_id, package_format.nik_hash(key, nik), programme, month, programme in counted, *rest)
        for nik, programme, month, *rest in rows
    )
    _in_chunks(writer, package_format.MEMBERSHIP_MONTHS, hashed, chunk_rows)


def _coverage(writer, instance_id, first, after, chunk_rows) -> None:
    rows = (
        CoverageMonth.objects.filter(month__gte=first, month__lt=after)
        .order_by("province_code", "month", "id")
        .values_list(
            "region_id",
            "level",
            "province_code",
            "regency_code",
            "month",
            "source",
            "segment",
            "funder_type",
            "participants",
            "derived",
        )
        .iterator(chunk_size=chunk_rows)
    )
    _in_chunks(writer, package_format.COVERAGE, ((instance_id, *row) for row in rows), chunk_rows)


def _denominators(writer, instance_id, year) -> None:
    rows = (
        (instance_id, code, code.count(".") + 1, province, year_, labour_force, employed)
        for code, province, year_, labour_force, employed in LabourForceStat.objects.filter(year=year)
        .order_by("province_code", "region_id")
        .values_list("region_id", "province_code", "year", "labour_force", "employed")
        .iterator()
    )
    _in_chunks(writer, package_format.DENOMINATORS, rows, CHUNK_ROWS)


def _targets(writer, instance_id, year) -> None:
    rows = (
        (
            instance_id,
            code,
            code.count(".") + 1,
            province,
            year_,
            kind,
            mode,
            None if percent is None else float(percent),
            source,
        )
        for code, province, year_, kind, mode, percent, source in Target.objects.filter(year=year)
        .order_by("province_code", "region_id", "kind")
        .values_list("region_id", "province_code", "year", "kind", "mode", "percent", "source")
        .iterator()
    )
    _in_chunks(writer, package_format.TARGETS, rows, CHUNK_ROWS)
