"""The benches' synthetic workers stay importable whichever year they run in: every birth date is of
working age today (a fixed 1960 start put the eldest past 65 from 2026 on, and every bench stopped)."""

from __future__ import annotations

import sys
from pathlib import Path

from payung.lib import dates

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from import_bench import worker_frame  # noqa: E402 - the bench folder is not a package


def test_every_synthetic_worker_is_of_working_age_today():
    villages = [f"13.02.{d:02d}.{2000 + v}" for d in range(1, 4) for v in range(1, 4)]
    frame = worker_frame(40_000, villages)
    births = frame.get_column("Tgl Lahir").str.to_date("%d/%m/%Y")
    today = dates.today()
    ages = [today.year - b.year - ((today.month, today.day) < (b.month, b.day)) for b in births]
    assert 18 <= min(ages) and max(ages) <= 64
