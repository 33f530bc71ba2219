"""The load test's CPU report: a process's CPU is counted in the first group that ever matched it, and
the machine's busy time covers at least what the groups used."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from serve_load_bench import CpuMeter  # noqa: E402 - the bench folder is not a package

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")


def burn(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_the_meter_counts_this_process_in_its_group_and_the_machine_around_it():
    me = os.getpid()
    meter = CpuMeter({"this test": lambda pid, group, command: pid == me, "nobody": lambda *_: False})
    meter.sample()
    burn(0.3)
    meter.sample()
    used = meter.report()
    assert 0.2 <= used["this test"] <= 1.0
    assert used["nobody"] == 0
    assert used["machine (all processes)"] >= used["this test"] - 0.05


def test_a_process_seen_once_in_an_earlier_group_stays_there():
    me = os.getpid()
    seen = {"copying": True}
    meter = CpuMeter(
        {
            "the import's backend": lambda pid, group, command: pid == me and seen["copying"],
            "the other backends": lambda pid, group, command: pid == me,
        }
    )
    meter.sample()
    seen["copying"] = False  # the backend went idle after its COPY
    burn(0.2)
    meter.sample()
    used = meter.report()
    assert used["the import's backend"] >= 0.1 and used["the other backends"] == 0
