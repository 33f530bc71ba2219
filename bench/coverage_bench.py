"""Coverage dashboard speed for a regency with a million memberships, against the naive scan, in one run.

    .venv/bin/python bench/coverage_bench.py [--memberships 1000000] [--repeat 5]

Uses a throw-away SQLite file, or the PostgreSQL database named by DATABASE_URL (it writes into it:
point it at a scratch database). Fills Kota Makassar (73.71) with workers and memberships (an APBD
scheme and one APBDes-style scheme per kelurahan; active, lapsed and ended), 24 months of BPJS report
rows per district and the BPS figures, then prints in milliseconds:

- the summary refresh (`refresh_registry_coverage`) for the regency, once;
- the dashboard page (`GET /cakupan/`), server time through Django's test client, median of --repeat;
- the baseline: the same figures (month by district and funder, 24-month series, occupation gap)
  computed by scanning memberships, as a dashboard without the summary table would.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
REGENCY = "73.71"
MONTHS = [dt.date(2024 + (m // 12), m % 12 + 1, 1) for m in range(24)]  # 2024-01 .. 2025-12


def setup(data_dir: str) -> None:
    os.environ.setdefault("PAYUNG_TESTING", "1")
    os.environ["PAYUNG_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "payung.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def insert(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    from django.db import connection

    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def fill(count: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from payung.imports.writer import WORKER_COLUMNS
    from payung.regions.models import Region
    from payung.schemes.models import FundingScheme

    villages = list(Region.objects.filter(level=4, parent__parent_id=REGENCY).values_list("code", flat=True))
    now = timezone.now()
    occupations = ["petani", "pedagang", "ojek", "buruh_harian", "nelayan", "lainnya"]
    with transaction.atomic():
        apbd = FundingScheme.objects.create(
            name="APBD Makassar 2025",
            funder_type="APBD",
            funder_region_id=REGENCY,
            province_code="73",
            regency_code=REGENCY,
            year=2025,
            budget=10**12,
            programmes=["JKK", "JKM"],
            first_month=dt.date(2025, 1, 1),
            months=12,
            status="running",
            approved_at=now,
        )
        village_schemes = {
            code: FundingScheme.objects.create(
                name=f"Kelurahan {code}",
                funder_type="APBDES",
                funder_region_id=code,
                province_code="73",
                regency_code=REGENCY,
                district_code=code[:8],
                village_code=code,
                year=2025,
                budget=10**9,
                programmes=["JKK", "JKM"],
                first_month=dt.date(2025, 1, 1),
                months=12,
                status="running",
                approved_at=now,
            ).pk
            for code in villages
        }
        workers = []
        serials: dict[str, int] = {}
        for i in range(count):
            village = villages[i % len(villages)]
            district = village.rsplit(".", 1)[0]
            j = serials[district] = serials.get(district, -1) + 1
            birth = dt.date(1970, 1, 1) + dt.timedelta(days=j // 9999)
            nik = district.replace(".", "") + birth.strftime("%d%m%y") + f"{j % 9999 + 1:04d}"
            workers.append(
                (
                    nik,
                    f"Pekerja {i}",
                    "L",
                    birth,
                    village,
                    district,
                    REGENCY,
                    "73",
                    occupations[i % 6],
                    "",
                    1 + i % 10,
                    1_000_000,
                    False,
                    "",
                    "",
                    now,
                    now,
                )
            )
        insert(
            "registry_worker",
            WORKER_COLUMNS,
            workers,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, village_id FROM registry_worker WHERE regency_code = %s ORDER BY id", [REGENCY]
            )
            ids = cursor.fetchall()
        memberships = []
        for n, (worker_id, village) in enumerate(ids):
            start = MONTHS[n % 24]
            if n % 20 == 0:
                status, end = "lapsed", MONTHS[min(23, n % 24 + 3)]
            elif n % 20 == 1:
                status, end = "ended", MONTHS[min(23, n % 24 + 6)]
            else:
                status, end = "active", MONTHS[23]
            scheme = village_schemes[village] if n % 5 == 0 else apbd.pk
            memberships.append(
                (
                    worker_id,
                    scheme,
                    '["JKK", "JKM"]',
                    start,
                    end,
                    status,
                    f"KPJ{n:09d}",
                    "",
                    village,
                    village[:8],
                    REGENCY,
                    "73",
                    201_600,
                    now,
                    now,
                )
            )
        insert(
            "enrolment_membership",
            (
                "worker_id",
                "scheme_id",
                "programmes",
                "start_month",
                "end_month",
                "status",
                "kpj_number",
                "rejection_reason",
                "village_id",
                "district_code",
                "regency_code",
                "province_code",
                "planned_cost",
                "created_at",
                "updated_at",
            ),
            memberships,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def reports(tmp: Path) -> None:
    from payung.coverage.importing import import_labour_force, import_participation
    from payung.regions.models import Region

    districts = list(Region.objects.filter(parent_id=REGENCY).values_list("code", flat=True))
    bps = tmp / "bps.csv"
    bps.write_text(
        "region_code,year,labour_force,employed\n"
        + "".join(
            f"{code},{year},{80_000 + i * 1000},{76_000 + i * 900}\n"
            for i, code in enumerate(districts)
            for year in (2024, 2025)
        )
    )
    import_labour_force(path=bps)
    bpjs = tmp / "bpjs.csv"
    bpjs.write_text(
        "region_code,month,segment,active\n"
        + "".join(
            f"{code},{month:%Y-%m},{segment},{base + k * 50}\n"
            for i, code in enumerate(districts)
            for k, month in enumerate(MONTHS)
            for segment, base in (
                ("PU", 20_000 + i * 100),
                ("BPU", 60_000 + i * 300),
                ("JAKON", 900),
                ("PMI", 150),
            )
        )
    )
    import_participation(path=bpjs)


def naive_scan(month: dt.date) -> None:
    """The figures of the dashboard computed from memberships, no summary."""
    from django.db.models import Count, Q

    from payung.coverage.summary import counted
    from payung.schemes.models import Membership

    base = counted(Membership.objects.filter(regency_code=REGENCY))

    def covering(m):
        return base.filter(Q(start_month__lte=m) & (Q(end_month__isnull=True) | Q(end_month__gte=m)))

    list(covering(month).values("district_code", "scheme__funder_type").annotate(n=Count("id")).order_by())
    for m in MONTHS:
        covering(m).count()
    list(covering(month).values("worker__occupation_id").annotate(n=Count("id")).order_by())


def timed(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--memberships", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="payung-coverage-bench-")
    setup(data_dir)

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from payung.accounts.models import Role, User
    from payung.coverage.summary import refresh_registry_coverage
    from payung.schemes.models import Membership

    have = Membership.objects.filter(regency_code=REGENCY).count()
    if have < args.memberships:
        start = time.perf_counter()
        fill(args.memberships - have)
        print(
            f"filled {Membership.objects.filter(regency_code=REGENCY).count():,} memberships in "
            f"{time.perf_counter() - start:.1f} s ({connection.vendor})"
        )
    reports(Path(data_dir))
    start = time.perf_counter()
    refresh_registry_coverage(regency_codes=[REGENCY])
    print(
        f"summary refresh for {REGENCY}: {(time.perf_counter() - start) * 1000:,.0f} ms (once per change batch)"
    )

    setup_test_environment()
    user, _ = User.objects.get_or_create(username="bench-makassar", defaults={"role": Role.VIEWER})
    user.regions.set([REGENCY])
    client = Client()
    client.force_login(user)
    month = MONTHS[-1]

    def page():
        response = client.get("/cakupan/", {"region": REGENCY, "month": f"{month:%Y-%m}"})
        assert response.status_code == 200, response.status_code

    page()  # warm caches, as a running server would be
    ours = timed(page, args.repeat)
    baseline = timed(lambda: naive_scan(month), max(1, min(args.repeat, 3)))
    print(
        f"dashboard {REGENCY} ({args.memberships:,} memberships), median of {args.repeat}: {ours:,.1f} ms "
        f"(budget 300 ms: {'OK' if ours < 300 else 'OVER'})"
    )
    print(
        f"baseline, the same figures scanning memberships: {baseline:,.1f} ms "
        f"(dashboard is {baseline / ours:,.1f}x faster)"
    )


if __name__ == "__main__":
    main()
