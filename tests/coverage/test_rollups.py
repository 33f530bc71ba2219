"""BPJS report figures rolled up village -> district -> regency -> province add up; gaps are noted."""

import datetime as dt

import pytest

from payung.coverage.models import CoverageMonth
from payung.coverage.selectors import figures
from payung.regions.models import Region

from .helpers import labour_force, participation

pytestmark = pytest.mark.django_db
JUNE = dt.date(2025, 6, 1)


def total(code):
    return sum(
        CoverageMonth.objects.filter(region_id=code, month=JUNE).values_list("participants", flat=True)
    )


def test_village_rows_add_up_to_district_regency_and_province(regions, tmp_path):
    participation(
        tmp_path,
        "13.02.07.2001,2025-06,BPU,40",
        "13.02.07.2001,2025-06,PU,10",
        "13.02.07.2002,2025-06,BPU,60",
        "13.02.10.2001,2025-06,BPU,5",
    )
    assert total("13.02.07") == 110
    assert total("13.02.10") == 5
    assert total("13.02") == total("13.02.07") + total("13.02.10") == 115
    assert total("13") == 115
    assert CoverageMonth.objects.get(region_id="13.02", segment="PU").derived


def test_a_reported_regency_figure_is_kept_and_a_disagreement_is_a_warning(regions, tmp_path):
    result = participation(
        tmp_path, "13.02,2025-06,BPU,500", "13.02.07,2025-06,BPU,100", "13.02.10,2025-06,BPU,50"
    )
    assert total("13.02") == 500
    assert result.warnings == ["13.02 2025-06 BPU: reported 500 but the level below adds up to 150"]


def test_a_level_without_data_says_so(regions, tmp_path):
    labour_force(tmp_path, "13.02,2025,1000,900")
    participation(tmp_path, "13.02.07,2025-06,BPU,100")
    kubung, solok, enrekang = (Region.objects.get(code=c) for c in ("13.02.10", "13.02", "73.16"))
    by_code = {f.code: f for f in figures([kubung, solok, enrekang], JUNE, "labour_force")}
    assert by_code["13.02.10"].participants is None
    assert "Tidak ada data peserta" in " ".join(by_code["13.02.10"].notes)
    assert "Tidak ada data angkatan kerja BPS" in " ".join(by_code["13.02.10"].notes)
    assert by_code["13.02"].participants == 100
    assert "dijumlahkan dari wilayah di bawahnya" in " ".join(by_code["13.02"].notes)
    assert by_code["13.02"].coverage_pct == 10
    assert by_code["73.16"].participants is None
