"""Worker list speed at a million workers: keyset pages vs the OFFSET + COUNT baseline, in one run.

    .venv/bin/python bench/registry_bench.py [--workers 1000000] [--data-dir DIR]

Uses a throw-away SQLite file (or the PostgreSQL database named by DATABASE_URL, into which it
writes: point it at a scratch database). Prints server time per page in milliseconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def setup(data_dir: str) -> None:
    os.environ.setdefault("PAYUNG_TESTING", "1")
    os.environ["PAYUNG_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "payung.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def fill(count: int) -> None:
    from django.db import connection

    from payung.lib.nik import make_nik
    from payung.regions.models import Region
    from payung.registry.demo import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES

    villages = list(
        Region.objects.filter(level=4, code__regex=r"^(13\.02|73\.16|72\.01|73\.07|73\.71)\.").values_list(
            "code", flat=True
        )
    )
    occupations = ["petani", "pedagang", "ojek", "buruh_harian", "nelayan", "lainnya"]
    rng = random.Random(1)
    now = dt.datetime.now(dt.UTC)
    rows = []
    for i in range(count):
        village = villages[i % len(villages)]
        district = village.rsplit(".", 1)[0]
        sex = "P" if i % 2 else "L"
        # (birth date, serial) is unique per row, so NIKs never collide whatever the district.
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=(i // 9_999) % 16_000)
        first = rng.choice(FEMALE_NAMES if sex == "P" else MALE_NAMES)
        rows.append(
            (
                make_nik(district_code=district, birth_date=birth, sex=sex, serial=i % 9_999 + 1),
                f"{first} {rng.choice(FAMILY_NAMES[village[:2]])} {i}",
                sex,
                birth,
                village,
                district,
                village[:5],
                village[:2],
                rng.choice(occupations),
                "",
                rng.randint(1, 10),
                rng.randrange(5, 60) * 100_000,
                False,
                "",
                "",
                now,
                now,
            )
        )
    from payung.imports.writer import WORKER_COLUMNS

    columns = ", ".join(WORKER_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY registry_worker ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(WORKER_COLUMNS))
            cursor.executemany(f"INSERT INTO registry_worker ({columns}) VALUES ({marks})", rows)
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum / a nightly ANALYZE would give a production database.
        cursor.execute("ANALYZE")


def timed(fn, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=1_000_000)
    parser.add_argument("--data-dir", help="reuse the SQLite database of an earlier run (it is kept)")
    args = parser.parse_args()
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="payung-bench-")
    print(f"data directory: {data_dir}")
    setup(data_dir)

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from payung.accounts.models import Role, User
    from payung.accounts.testing import login_verified
    from payung.lib.cursors import cursor_make
    from payung.registry.models import Worker

    if Worker.objects.count() < args.workers:
        start = time.perf_counter()
        fill(args.workers - Worker.objects.count())
        print(
            f"filled {Worker.objects.count():,} workers in {time.perf_counter() - start:.1f} s ({connection.vendor})"
        )

    setup_test_environment()
    admin = (
        User.objects.create_superuser("bench-admin", password="x")
        if not User.objects.filter(username="bench-admin").exists()
        else User.objects.get(username="bench-admin")
    )
    regency_admin, _ = User.objects.get_or_create(
        username="bench-makassar", defaults={"role": Role.REGENCY_ADMIN}
    )
    regency_admin.regions.set(["73.71"])
    client = Client()

    everyone = Worker.objects.order_by("name", "id")
    middle = everyone[args.workers // 2]
    deep_cursor = cursor_make(middle.pk)

    def page(user, **params):
        login_verified(client, user)
        return lambda: client.get("/pekerja/", params)

    def offset_baseline(offset):
        def run():
            list(
                Worker.objects.select_related("village", "occupation").order_by("name", "id")[
                    offset : offset + 50
                ]
            )
            Worker.objects.count()

        return run

    print(f"\nworker list, median of 5, {args.workers:,} workers, {connection.vendor}")
    rows = [
        ("first page, all regions", timed(page(admin))),
        ("page at the middle (keyset)", timed(page(admin, after=deep_cursor))),
        ("regency admin, first page", timed(page(regency_admin))),
        ("filter decile 1", timed(page(admin, decile=1))),
        ("filter district 73.71.01", timed(page(admin, region="73.71.01"))),
        ("search name prefix 'Siti'", timed(page(admin, q="Siti"))),
        ("search full NIK", timed(page(admin, q=middle.nik))),
    ]
    baseline = timed(offset_baseline(args.workers // 2))
    for label, ms in rows:
        print(f"  {label:<32} {ms:8.1f} ms")
    print(f"  {'baseline: OFFSET middle + COUNT':<32} {baseline:8.1f} ms (query only, no rendering)")
    print(f"  keyset middle page is {baseline / rows[1][1]:.1f}x faster than the OFFSET baseline")


if __name__ == "__main__":
    main()
