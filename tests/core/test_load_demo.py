"""`payung load_demo` runs only in development and never touches rows it did not create."""

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from payung.accounts.models import User
from payung.coverage.models import LabourForceStat, ParticipationReport, Target
from payung.regions.loading import load_regions


def test_it_refuses_to_run_without_debug_and_exits_2():
    env = {key: value for key, value in os.environ.items() if key != "PAYUNG_DEBUG"}
    env["PAYUNG_TESTING"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "payung", "load_demo"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2, result.stderr
    assert "PAYUNG_DEBUG=1" in result.stderr


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_it_creates_no_superuser_without_debug():
    with pytest.raises(CommandError) as refused:
        call_command("load_demo", "--workers-per-regency", "10")
    assert refused.value.returncode == 2
    assert not User.objects.filter(username="admin").exists()


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_real_bps_figures_reports_and_targets_survive_two_demo_runs(capsys):
    load_regions()
    real_stat = LabourForceStat.objects.create(
        region_id="13.02",
        province_code="13",
        year=2025,
        labour_force=230_001,
        employed=220_002,
        source_file="sakernas_2025.xlsx",
    )
    real_report = ParticipationReport.objects.create(
        region_id="13.02.07",
        province_code="13",
        month=dt.date(2025, 6, 1),
        segment="PU",
        active=4_321,
        source_file="laporan_bpjs_juni.xlsx",
    )
    real_target = Target.objects.create(
        region_id="73.71",
        province_code="73",
        year=2026,
        kind="renja",
        mode="percent",
        percent=Decimal("81.00"),
        source="Renja Disnaker Makassar 2026 (resmi)",
    )
    for _ in range(2):
        call_command("load_demo", "--workers-per-regency", "20")
    capsys.readouterr()

    stat = LabourForceStat.objects.get(pk=real_stat.pk)
    assert (stat.labour_force, stat.employed, stat.source_file) == (230_001, 220_002, "sakernas_2025.xlsx")
    report = ParticipationReport.objects.get(pk=real_report.pk)
    assert (report.active, report.source_file) == (4_321, "laporan_bpjs_juni.xlsx")
    target = Target.objects.get(pk=real_target.pk)
    assert (target.percent, target.source) == (Decimal("81.00"), "Renja Disnaker Makassar 2026 (resmi)")
    # The demo still filled what was free, once.
    assert LabourForceStat.objects.filter(region_id="13.02", year=2024, source_file="demo").count() == 1
    assert Target.objects.filter(region_id="72.01").count() == 1
