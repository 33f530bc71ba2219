import pytest
from django.test import override_settings

from payung.accounts.models import Role, User
from payung.lib.nik import check_nik
from payung.regions.loading import load_regions
from payung.registry.demo import SEED_REGENCIES, load_demo
from payung.registry.models import Worker


@pytest.mark.django_db
def test_the_demo_data_is_large_consistent_and_loads_once():
    load_regions()
    first = load_demo()
    assert first["workers_created"] >= 10_000

    per_regency = {code: Worker.objects.filter(regency_code=code).count() for code in SEED_REGENCIES}
    assert all(count >= 2_000 for count in per_regency.values()), per_regency

    for worker in Worker.objects.all().iterator(chunk_size=5_000):
        check = check_nik(worker.nik, birth_date=worker.birth_date, sex=worker.sex)
        assert check.valid, (worker.nik, check.errors)
        assert check.district_code == worker.district_code
        assert worker.village_id.startswith(worker.district_code + ".")
        assert worker.dtsen_decile is None or 1 <= worker.dtsen_decile <= 10
        assert worker.monthly_income > 0

    # The demo agent (role agent) comes with its Agent row from agents/demo.py, in `payung load_demo`.
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values) - {Role.AGENT}
    assert load_demo()["workers_created"] == 0
    assert Worker.objects.count() == first["workers_total"]


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_the_whole_demo_runs_through_schemes_bills_and_coverage_twice_without_duplicates(capsys):
    from django.core.management import call_command

    from payung.schemes.models import Bill, FundingScheme, Membership

    load_regions()
    call_command("load_demo", "--workers-per-regency", "300")
    out = capsys.readouterr().out
    assert "Skema demo: 59 baru" in out  # Enrekang, Makassar's two, Solok's 2 + 54 nagari (schemes/demo.py)
    assert "pemantau.banggai" in out
    enrekang = FundingScheme.objects.get(funder_region_id="73.16")
    assert enrekang.status == "running"
    assert Membership.objects.filter(scheme=enrekang, status="active").exclude(kpj_number="").exists()
    assert Bill.objects.filter(scheme=enrekang).count() == 1
    counts = (FundingScheme.objects.count(), Membership.objects.count(), Worker.objects.count())

    call_command("load_demo", "--workers-per-regency", "300")
    assert "Skema demo: 0 baru" in capsys.readouterr().out
    assert (FundingScheme.objects.count(), Membership.objects.count(), Worker.objects.count()) == counts
