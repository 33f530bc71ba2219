"""The demo data reproduces the seed figures on the real region tree."""

import json

import pytest
from django.core.management import call_command

from payung.regions.loading import load_regions

pytestmark = pytest.mark.django_db


def test_the_demo_gives_solok_its_june_2025_figure_and_sinjai_its_relative_target(capsys):
    load_regions()
    call_command("load_coverage_demo")
    call_command("load_coverage_demo")  # safe to run again
    capsys.readouterr()
    call_command("coverage", "13.02", "--month", "2025-06", "--denominator", "labour_force", "--json")
    solok = json.loads(capsys.readouterr().out)
    assert (solok["participants"], solok["denominator"], solok["coverage_pct"]) == (31_442, 226_964, 13.85)
    call_command("coverage", "73.16", "--month", "2025-12", "--json")
    enrekang = json.loads(capsys.readouterr().out)
    assert enrekang["participants"] == 46_589 and enrekang["uncovered"] > 24_000
    call_command("coverage", "73.07", "--month", "2025-03", "--json")
    sinjai = json.loads(capsys.readouterr().out)
    assert sinjai["target_year"] == 2025 and sinjai["target_pct"] == 48.0  # 40 % in Dec 2024, +20 %
