"""Import speed: 1M-row CSV (SQLite and PostgreSQL), 200k-row XLSX vs calamine alone, 20k rows vs
django-import-export, and our time against the raw floor (Polars read + the same validation + a bare
bulk insert). Results go in docs/PERFORMANCE.md ("Imports").

    .venv/bin/python bench/import_bench.py [--rows 1000000] [--xlsx-rows 200000] [--iex-rows 20000]
                                           [--more-rows 200000]
                                           [--pg-url postgres://postgres@127.0.0.1:5432/payung_import_bench] [--no-pg]

Every measurement runs in a fresh child process (its peak memory is its own) against a throw-away
SQLite file or the scratch PostgreSQL database named by --pg-url (created if missing, emptied per run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
REGENCIES = ("13.02", "73.16", "73.07", "73.71", "72.01")
FIRST_BIRTH_YEAR = dt.date.today().year - 62


# ---------------------------------------------------------------- child side


def django_setup() -> None:
    os.environ.setdefault("PAYUNG_TESTING", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "payung.config.settings"
    import django

    django.setup()


def empty_registry() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE registry_worker, audit_auditevent RESTART IDENTITY CASCADE")
        else:
            cursor.execute("DELETE FROM audit_auditevent")
            cursor.execute("DELETE FROM registry_worker")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE registry_worker")


def peak_mb() -> float:
    """This process's own high-water mark (VmHWM; ru_maxrss would include the parent's at fork)."""
    try:
        for text in Path("/proc/self/status").read_text().splitlines():
            if text.startswith("VmHWM:"):
                return int(text.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_ours(path: str, dry_run: bool, *, empty: bool = True) -> dict:
    from payung.imports.services import import_path

    if empty:
        empty_registry()
    start = time.perf_counter()
    outcome = import_path(Path(path), dry_run=dry_run, valid_only=False)
    seconds = time.perf_counter() - start
    job = outcome.job
    assert job.status in ("done", "checked"), (job.status, job.file_error, job.errors[:3])
    return {
        "seconds": seconds,
        "rows": job.rows,
        "invalid": job.invalid,
        "created": job.created,
        "peak_mb": peak_mb(),
    }


def child_floor(path: str) -> dict:
    """Polars read + the same cell validation + a bare bulk insert: what no import can beat."""
    import io

    import polars as pl
    from django.db import connection, transaction
    from django.utils import timezone

    from payung.imports.checks import REQUIRED, occupation_synonyms
    from payung.imports.writer import (
        PG_GIN_PENDING,
        PG_WORK_MEM,
        SQLITE_CACHE_KIB,
        WORKER_COLUMNS,
        _gin_indexes,
        new_worker_rows,
    )
    from payung.lib.sheets import normalise, read_sheet

    empty_registry()
    start = time.perf_counter()
    data = Path(path).read_bytes()
    result = normalise(read_sheet(data), occupations=occupation_synonyms(), required=REQUIRED)
    rows = new_worker_rows(result.valid().with_columns(_op=pl.lit("new")))
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The import's own settings and row order, so the floor is the same insert minus the import.
            cursor.execute(f"SET LOCAL work_mem = '{PG_WORK_MEM}'")
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{PG_WORK_MEM}'")
            cursor.execute(f"SET LOCAL gin_pending_list_limit = '{PG_GIN_PENDING}'")
            buffer = io.BytesIO()
            rows.sort("nik").with_columns(created_at=pl.lit(now), updated_at=pl.lit(now)).write_csv(
                buffer, include_header=False, null_value="\\N"
            )
            with cursor.cursor.copy(
                f"COPY registry_worker ({', '.join(WORKER_COLUMNS)}) FROM STDIN (FORMAT csv, NULL '\\N')"
            ) as copy:
                copy.write(buffer.getvalue())
            for index in _gin_indexes(cursor, "registry_worker"):
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        else:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")  # the same page cache as the import
            stamp = str(now.replace(tzinfo=None))
            values = (
                rows.sort("regency_code", "name")
                .with_columns(
                    pl.col("birth_date").cast(pl.String), created_at=pl.lit(stamp), updated_at=pl.lit(stamp)
                )
                .rows()
            )
            marks = ", ".join(["%s"] * len(WORKER_COLUMNS))
            cursor.executemany(
                f"INSERT INTO registry_worker ({', '.join(WORKER_COLUMNS)}) VALUES ({marks})", values
            )
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": rows.height, "peak_mb": peak_mb()}


def child_calamine(path: str) -> dict:
    import fastexcel

    start = time.perf_counter()
    frame = fastexcel.read_excel(Path(path).read_bytes()).load_sheet(0, header_row=2).to_polars()
    return {"seconds": time.perf_counter() - start, "rows": frame.height, "peak_mb": peak_mb()}


def child_iex(path: str) -> dict:
    """django-import-export at its fastest settings, on the clean columns our importer works out itself."""
    import polars as pl
    import tablib
    from import_export import fields, resources, widgets

    from payung.registry.models import Worker

    class WorkerResource(resources.ModelResource):
        birth_date = fields.Field(
            attribute="birth_date", column_name="birth_date", widget=widgets.DateWidget("%Y-%m-%d")
        )
        village_id = fields.Field(attribute="village_id", column_name="village_id")
        occupation_id = fields.Field(attribute="occupation_id", column_name="occupation_id")

        class Meta:
            model = Worker
            fields = (
                "nik",
                "name",
                "sex",
                "birth_date",
                "village_id",
                "district_code",
                "regency_code",
                "province_code",
                "occupation_id",
                "dtsen_decile",
                "monthly_income",
                "phone",
            )
            import_id_fields = ("nik",)
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            force_init_instance = True
            skip_unchanged = False
            report_skipped = False
            use_transactions = True

    frame = pl.read_csv(path, separator=";", skip_rows=2, infer_schema=False)
    clean = frame.select(
        pl.col("NIK").alias("nik"),
        pl.col("Nama").alias("name"),
        pl.col("JK").alias("sex"),
        pl.col("Tgl Lahir").str.to_date("%d/%m/%Y").cast(pl.String).alias("birth_date"),
        pl.col("Kode Desa").alias("village_id"),
        pl.col("Kode Desa").str.slice(0, 8).alias("district_code"),
        pl.col("Kode Desa").str.slice(0, 5).alias("regency_code"),
        pl.col("Kode Desa").str.slice(0, 2).alias("province_code"),
        pl.lit("petani").alias("occupation_id"),
        pl.col("Desil").alias("dtsen_decile"),
        pl.col("Penghasilan").alias("monthly_income"),
        pl.col("No HP").alias("phone"),
    )
    dataset = tablib.Dataset(*clean.rows(), headers=clean.columns)
    empty_registry()
    start = time.perf_counter()
    result = WorkerResource().import_data(dataset, dry_run=False, raise_errors=True)
    seconds = time.perf_counter() - start
    assert not result.has_errors()
    return {"seconds": seconds, "rows": Worker.objects.count(), "peak_mb": peak_mb()}


def child_more(path: str) -> dict:
    """Into the registry as the previous import left it: the ordinary path, every index kept live."""
    return child_ours(path, False, empty=False)


CHILDREN = {
    "ours": child_ours,
    "more": child_more,
    "floor": child_floor,
    "calamine": child_calamine,
    "iex": child_iex,
}


def child_main(kind: str, path: str, dry_run: bool) -> None:
    if kind != "calamine":
        django_setup()
    result = CHILDREN[kind](path, dry_run) if kind == "ours" else CHILDREN[kind](path)
    print(json.dumps(result))


# ---------------------------------------------------------------- parent side


def prepare_database(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "payung", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [sys.executable, "-m", "payung", "load_regions"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def villages(env: dict[str, str]) -> list[str]:
    code = (
        "import json, django; django.setup(); from payung.regions.models import Region; "
        f"print(json.dumps(list(Region.objects.filter(level=4, code__regex=r'^({'|'.join(r.replace('.', '[.]') for r in REGENCIES)})[.]')"
        ".values_list('code', flat=True))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True, cwd=ROOT
    )
    return json.loads(out.stdout)


def worker_frame(rows: int, village_codes: list[str]):
    """Valid, unique workers: NIK agrees with district, birth date and sex."""
    import polars as pl

    by_district: dict[str, list[str]] = {}
    for code in sorted(village_codes):
        by_district.setdefault(code[:8], []).append(code)
    districts = sorted(by_district)
    d = len(districts)
    places = pl.DataFrame(
        [
            (i, k, village)
            for i, district in enumerate(districts)
            for k, village in enumerate(by_district[district])
        ],
        schema={"d": pl.Int64, "k": pl.Int64, "village": pl.String},
        orient="row",
    )
    counts = pl.Series([len(by_district[x]) for x in districts], dtype=pl.Int64)
    frame = pl.DataFrame({"i": pl.arange(0, rows, eager=True, dtype=pl.Int64)}).with_columns(
        d=pl.col("i") % d
    )
    frame = frame.with_columns(k=(pl.col("i") // d) % counts.gather(frame.get_column("d")))
    frame = frame.join(places, on=["d", "k"], how="left", maintain_order="left").with_columns(
        # Ages 18 to 61 this year (16,000 days from January 62 years ago): every row of working age,
        # whichever year the bench runs (a fixed 1960 start left the eldest past 65 from 2026 on).
        birth=(pl.date(FIRST_BIRTH_YEAR, 1, 1) + pl.duration(days=(pl.col("i") // d) % 16_000)),
        female=((pl.col("i") // (d * 16_000)) % 2) == 1,
        serial=(pl.col("i") // (d * 32_000)) + 1,
    )
    day = pl.col("birth").dt.day() + pl.when(pl.col("female")).then(40).otherwise(0)
    return frame.select(
        pl.format("{}", pl.col("i") + 1).alias("No"),
        (
            pl.col("village").str.slice(0, 8).str.replace_all(".", "", literal=True)
            + day.cast(pl.String).str.zfill(2)
            + pl.col("birth").dt.strftime("%m%y")
            + pl.col("serial").cast(pl.String).str.zfill(4)
        ).alias("NIK"),
        pl.format("Pekerja {}", pl.col("i")).alias("Nama"),
        pl.when(pl.col("female")).then(pl.lit("P")).otherwise(pl.lit("L")).alias("JK"),
        pl.col("birth").dt.strftime("%d/%m/%Y").alias("Tgl Lahir"),
        pl.col("village").alias("Kode Desa"),
        pl.lit("Petani").alias("Pekerjaan"),
        ((pl.col("i") % 10) + 1).cast(pl.String).alias("Desil"),
        (((pl.col("i") % 30) + 5) * 100_000).cast(pl.String).alias("Penghasilan"),
        pl.format("0812{}", (pl.col("i") % 100_000_000).cast(pl.String).str.zfill(8)).alias("No HP"),
    )


def write_csv(frame, path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("DAFTAR CALON PESERTA BPJS KETENAGAKERJAAN\n\n")
        frame.write_csv(handle, separator=";")


def write_xlsx(frame, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ["DAFTAR CALON PESERTA BPJS KETENAGAKERJAAN"])
    sheet.write_row(2, 0, frame.columns)
    for r, row in enumerate(frame.iter_rows(), start=3):
        sheet.write_row(r, 0, row)
    book.close()


def measure(kind: str, path: Path, env: dict[str, str], dry_run: bool = False) -> dict:
    args = [sys.executable, __file__, "--child", kind, "--path", str(path)]
    if dry_run:
        args.append("--dry-run")
    out = subprocess.run(args, env=env, capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(f"{kind} on {path.name} failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["load"] = os.getloadavg()[0]  # other work on this 2-core machine skews every figure
    return result


def ensure_pg(url: str) -> bool:
    import psycopg

    base, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"PostgreSQL not reachable ({exc}); skipped.")
        return False
    return True


def line(label: str, result: dict) -> None:
    rate = result["rows"] / result["seconds"] if result["seconds"] else 0
    print(
        f"  {label:<46} {result['seconds']:7.2f} s  {rate:>10,.0f} rows/s  peak {result['peak_mb']:6.0f} MB"
        f"  (load {result.get('load', 0):.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=200_000)
    parser.add_argument("--iex-rows", type=int, default=20_000)
    parser.add_argument("--more-rows", type=int, default=200_000)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/payung_import_bench")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--path")
    parser.add_argument("--dry-run", action="store_true")
    options = parser.parse_args()
    if options.child:
        child_main(options.child, options.path, options.dry_run)
        return

    print(
        f"load average at start: {os.getloadavg()[0]:.1f} (2 cores); each figure shows the 1-minute load after it"
    )
    with tempfile.TemporaryDirectory(prefix="payung-import-bench-") as folder:
        work = Path(folder)
        sqlite_env = {
            **os.environ,
            "PAYUNG_TESTING": "1",
            "PAYUNG_DATA_DIR": str(work / "sqlite"),
            "PAYUNG_MEDIA_DIR": str(work / "media"),
            "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "payung.config.settings",
        }
        sqlite_env.pop("DATABASE_URL", None)
        targets = [("SQLite", sqlite_env)]
        if not options.no_pg and ensure_pg(options.pg_url):
            targets.append(("PostgreSQL", {**sqlite_env, "DATABASE_URL": options.pg_url}))
        for _, env in targets:
            prepare_database(env)
        codes = villages(sqlite_env)
        print(f"{len(codes)} villages of {', '.join(REGENCIES)}; generating files ...")
        everyone = worker_frame(options.rows + options.more_rows, codes)
        big, more = everyone.head(options.rows), everyone.tail(options.more_rows)
        csv_path, xlsx_path, small_path = work / "big.csv", work / "big.xlsx", work / "small.csv"
        more_path = work / "more.csv"
        write_csv(big, csv_path)
        write_csv(more, more_path)
        write_csv(big.head(options.iex_rows), small_path)
        write_xlsx(big.head(options.xlsx_rows), xlsx_path)

        for label, env in targets:
            print(f"\n{label}: {options.rows:,}-row CSV ({csv_path.stat().st_size / 1e6:.0f} MB)")
            ours = measure("ours", csv_path, env)
            added = measure("more", more_path, env)  # before the floor empties the registry again
            floor = measure("floor", csv_path, env)
            line("payung import_workers (all checks, audit)", ours)
            line("raw floor (read + validate + bare insert)", floor)
            line(f"then {options.more_rows:,} more rows (indexes kept live)", added)
            print(
                f"  ratio to the raw floor: {ours['seconds'] / floor['seconds']:.2f}x (target <= 2x); "
                f"under 30 s: {'yes' if ours['seconds'] < 30 else 'NO'}; "
                f"under 1.5 GB: {'yes' if ours['peak_mb'] < 1536 else 'NO'}"
            )

            print(f"{label}: {options.xlsx_rows:,}-row XLSX ({xlsx_path.stat().st_size / 1e6:.0f} MB)")
            calamine = measure("calamine", xlsx_path, env)
            checked = measure("ours", xlsx_path, env, dry_run=True)
            imported = measure("ours", xlsx_path, env)
            xlsx_floor = measure("floor", xlsx_path, env)
            line("calamine alone (fastexcel to Polars)", calamine)
            line("payung dry run (read + all checks)", checked)
            line("payung import (read + checks + write + audit)", imported)
            line("raw floor (read + validate + bare insert)", xlsx_floor)
            print(
                f"  dry run / calamine: {checked['seconds'] / calamine['seconds']:.2f}x; "
                f"import / calamine: {imported['seconds'] / calamine['seconds']:.2f}x (target <= 1.5x); "
                f"raw floor / calamine: {xlsx_floor['seconds'] / calamine['seconds']:.2f}x"
            )

            print(f"{label}: {options.iex_rows:,} rows vs django-import-export")
            iex = measure("iex", small_path, env)
            small = measure("ours", small_path, env)
            small_floor = measure("floor", small_path, env)
            line("django-import-export (use_bulk, skip_diff, ...)", iex)
            line("payung import", small)
            line("raw floor (read + validate + bare insert)", small_floor)
            speedup = (small["rows"] / small["seconds"]) / (iex["rows"] / iex["seconds"])
            ceiling = (small_floor["rows"] / small_floor["seconds"]) / (iex["rows"] / iex["seconds"])
            print(
                f"  payung rows/s = {speedup:.1f}x django-import-export (target >= 8x); "
                f"the raw floor would be {ceiling:.1f}x"
            )


if __name__ == "__main__":
    main()
