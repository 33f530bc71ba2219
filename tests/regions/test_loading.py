import pytest
from django.core.management import call_command

from payung.regions.loading import load_regions, region_kind
from payung.regions.models import Kind, Level, Region
from payung.regions.selectors import search_regions


@pytest.mark.django_db
def test_the_whole_decree_loads_and_a_second_load_changes_nothing(capsys):
    first = load_regions()
    assert first.by_level == {
        Level.PROVINCE: 38,
        Level.REGENCY: 514,
        Level.DISTRICT: 7_285,
        Level.VILLAGE: 83_762,
    }
    assert first.created == 91_599
    assert Region.objects.filter(level=Level.VILLAGE).count() == 83_762
    assert Region.objects.filter(level=Level.REGENCY, kind=Kind.KOTA).count() == 98
    assert Region.objects.filter(level=Level.VILLAGE, kind=Kind.KELURAHAN).count() == 8_496

    call_command("load_regions")
    out = capsys.readouterr().out
    assert "Tidak ada perubahan" in out
    assert "desa/kelurahan 83.762" in out
    assert Region.objects.count() == 91_599

    # Solok's 74 villages are nagari, with their parent chain intact.
    solok = Region.objects.within("13.02").filter(level=Level.VILLAGE)
    assert solok.count() == 74
    assert set(solok.values_list("kind", flat=True)) == {Kind.NAGARI}
    assert Region.objects.get(code="13.02.07").parent_id == "13.02"


@pytest.mark.django_db
def test_a_changed_name_is_updated_and_counted():
    load_regions()
    Region.objects.filter(code="73.16").update(name="Enrekang (lama)", search_name="enrekang (lama)")
    result = load_regions()
    assert (result.created, result.updated) == (0, 1)
    assert Region.objects.get(code="73.16").name == "Kabupaten Enrekang"


def test_village_kinds_keep_the_local_name():
    assert region_kind("13.02.07.2001", "Cupak") == Kind.NAGARI
    assert region_kind("11.01.01.2001", "Keude Bakongan") == Kind.GAMPONG
    assert region_kind("13.09.01.2001", "Katurei") == Kind.DESA  # Mentawai keeps desa
    assert region_kind("73.71.01.1001", "Bontoala") == Kind.KELURAHAN
    assert region_kind("91.03.01.2001", "Sentani") == Kind.KAMPUNG
    assert region_kind("73.71", "Kota Makassar") == Kind.KOTA
    assert region_kind("91.03.01", "Sentani") == Kind.DISTRIK


def test_search_by_code_prefix_with_or_without_dots(regions):
    assert [r.code for r in search_regions("1302", limit=3)] == ["13.02", "13.02.07", "13.02.07.2001"]
    assert [r.code for r in search_regions("13.02.07.20", level=4)] == ["13.02.07.2001", "13.02.07.2002"]


def test_search_by_name_puts_prefix_matches_and_higher_levels_first(regions):
    found = search_regions("gunung")
    assert [r.code for r in found] == ["13.02.07", "73.07.01.2001"]
    assert search_regions("cupak")[0].code == "13.02.07.2002"
    assert search_regions("talang gunung")[0].code == "13.02.07"
    assert search_regions("") == []
