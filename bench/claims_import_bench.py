"""Claims report import speed: a branch report of N rows (unregistered NIKs, the usual case), checked
and written, then the same report again (nothing changes), against a throw-away SQLite database.

    PYTHONPATH=src .venv/bin/python bench/claims_import_bench.py [--rows 20000]

Prints rows per second of the first import and of the re-import. Baseline: the Enrekang 2025 report
(2,372 rows) imports in about 5 s on the 2-core development machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="claims-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("PAYUNG_TESTING", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "payung.config.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from payung.audit.models import Source
    from payung.claims.reports import import_report
    from payung.lib.nik import MALE, make_nik

    settings.MEDIA_ROOT = folder / "media"
    call_command("migrate", verbosity=0)
    lines = ["No. Klaim;NIK;Nama;Program;Jenis Klaim;Tgl Kejadian;Tgl Bayar;Jumlah Dibayar;Status"]
    for i in range(args.rows):
        nik = make_nik(
            district_code="73.16.01",
            birth_date=dt.date(1960, 1, 1) + dt.timedelta(days=i // 9000),
            sex=MALE,
            serial=i % 9000 + 1,
        )
        lines.append(
            f"KLM-{i:07d};{nik};Peserta {i};JHT;Pengunduran Diri;01/01/2025;15/03/2025;Rp 5.000.000;DIBAYAR"
        )
    data = ("\n".join(lines) + "\n").encode()
    today = dt.date(2026, 1, 15)
    for label in ("first import", "same report again"):
        started = time.perf_counter()
        _report, checked = import_report(
            actor=None, data=data, name="bench.csv", dry_run=False, today=today, source=Source.CLI
        )
        seconds = time.perf_counter() - started
        assert checked is not None and not checked.errors
        print(
            f"{label}: {args.rows} rows in {seconds:.1f} s = {args.rows / seconds:,.0f} rows/s (created {checked.created}, unchanged {checked.unchanged})"
        )


if __name__ == "__main__":
    main()
