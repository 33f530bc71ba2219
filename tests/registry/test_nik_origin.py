"""A NIK issued in another regency is accepted (people keep their NIK when they move) with a notice,
on the form, and found by the list's filter "NIK dari luar wilayah"."""

import datetime as dt

import pytest

from payung.lib.nik import FEMALE, make_nik
from payung.registry.selectors import WorkerFilters, search_workers
from payung.registry.validation import WorkerInput, check_worker
from tests.conftest import build_regions

MAKASSAR = {"73": "Sulawesi Selatan", "73.71": "Kota Makassar", "73.71.01": "Mariso"}
BIRTH = dt.date(1985, 3, 12)


@pytest.fixture
def makassar(regions):
    build_regions(MAKASSAR)


def makassar_nik(serial=1):
    return make_nik(district_code="73.71.01", birth_date=BIRTH, sex=FEMALE, serial=serial)


def solok_input(nik):
    return WorkerInput(
        nik=nik,
        name="Siti Rahma",
        sex=FEMALE,
        birth_date=BIRTH,
        village_code="13.02.07.2001",
        occupation_code="petani",
    )


def test_a_nik_of_another_regency_is_valid_with_a_notice_naming_it(makassar):
    check = check_worker(solok_input(makassar_nik()))
    assert check.valid
    assert [(p.code, p.message.split(",")[0]) for p in check.warnings["nik"]] == [
        ("nik_issued_elsewhere", "NIK diterbitkan di Kota Makassar")
    ]


def test_a_nik_of_the_home_regency_has_no_notice(regions):
    nik = make_nik(district_code="13.02.07", birth_date=BIRTH, sex=FEMALE, serial=1)
    assert "nik" not in check_worker(solok_input(nik)).warnings


def test_a_regency_missing_from_the_tree_is_named_by_its_code(regions):
    nik = make_nik(district_code="13.77.01", birth_date=BIRTH, sex=FEMALE, serial=1)
    assert "13.77" in check_worker(solok_input(nik)).warnings["nik"][-1].message


def test_the_edit_form_shows_the_notice_and_saving_tells_it_again(client, bob, makassar, worker_factory):
    worker = worker_factory("13.02.07.2001", nik=makassar_nik(), birth_date=BIRTH)
    client.force_login(bob)
    page = client.get(f"/pekerja/{worker.pk}/ubah/").content.decode()
    assert 'data-testid="nik-notice"' in page
    assert "NIK diterbitkan di Kota Makassar" in page

    data = {
        "nik": worker.nik,
        "name": worker.name,
        "sex": worker.sex,
        "birth_date": "1985-03-12",
        "village_code": worker.village_id,
        "occupation_code": "petani",
        "dtsen_decile": "2",
    }
    detail = client.post(f"/pekerja/{worker.pk}/ubah/", data, follow=True).content.decode()
    assert "Perubahan tersimpan" in detail
    assert "NIK diterbitkan di Kota Makassar" in detail


def test_the_list_filter_finds_only_niks_from_elsewhere(client, bob, makassar, worker_factory):
    moved = worker_factory("13.02.07.2001", name="Andi Makassar", nik=makassar_nik(), birth_date=BIRTH)
    worker_factory("13.02.07.2001", name="Siti Solok")
    assert list(search_workers(bob, WorkerFilters(nik_from_elsewhere=True))) == [moved]
    client.force_login(bob)
    page = client.get("/pekerja/", {"nik_origin": "luar"}).content.decode()
    assert "Andi Makassar" in page
    assert "Siti Solok" not in page
    assert "NIK dari luar wilayah" in page


def test_the_api_filters_the_same_way(bob, makassar, worker_factory):
    from rest_framework.test import APIClient

    worker_factory("13.02.07.2001", name="Andi Makassar", nik=makassar_nik(), birth_date=BIRTH)
    worker_factory("13.02.07.2001", name="Siti Solok")
    api = APIClient()
    api.force_authenticate(bob)
    body = api.get("/api/v1/workers/", {"nik_origin": "luar"}).json()
    assert [w["name"] for w in body["results"]] == ["Andi Makassar"]
