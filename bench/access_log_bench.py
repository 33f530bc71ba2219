"""Cost of logging a big export in the access log: one access row and its people in bulk, against a row
per person written one by one (the naive log), in one run.

    .venv/bin/python bench/access_log_bench.py [--people 100000] [--baseline 5000]

Uses a throw-away SQLite file, or the PostgreSQL database named by DATABASE_URL (it writes into it and
the rows stay: the audit tables are append-only; point it at a scratch database). Prints milliseconds:

- `access_record` of --people subjects (what an export of that many rows adds);
- the baseline: --baseline single-person `access_record` calls, scaled to --people.
"""

from __future__ import annotations

import argparse
import os
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup(data_dir)
        from django.db import transaction

        from payung.accounts.models import User
        from payung.audit.services import access_record

        user, _ = User.objects.get_or_create(username="bench.access", defaults={"role": "regency_admin"})
        subjects = [(i, "73.71.01.1001") for i in range(1, args.people + 1)]
        started = time.perf_counter()
        access_record(actor=user, channel="export", subjects=subjects, purpose="bench", where="bench.xlsx")
        bulk_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        with transaction.atomic():
            for worker_id, code in subjects[: args.baseline]:
                access_record(actor=user, channel="export", subjects=[(worker_id, code)], purpose="bench")
        naive_ms = (time.perf_counter() - started) * 1000 * args.people / args.baseline
        print(f"access log of {args.people:,} people: {bulk_ms:,.0f} ms in bulk")
        print(f"baseline (a row per person, scaled from {args.baseline:,}): {naive_ms:,.0f} ms")
        print(f"ratio: {naive_ms / bulk_ms:.1f}x")


if __name__ == "__main__":
    main()
