"""The import's NIK answers: the same rules as the form, a notice for NIKs issued elsewhere, and nothing
about regions, schemes or funders outside the operator's scope."""

import datetime as dt

from django.core.files.base import ContentFile

from payung.imports.models import ImportJob
from payung.imports.services import import_job_create
from payung.lib.nik import make_nik
from payung.registry.validation import WorkerInput, check_worker

from .files import MALE, csv_file, person


def dry_run(actor, data: bytes) -> ImportJob:
    job = import_job_create(actor=actor, file=ContentFile(data), name="daftar.csv")
    job.refresh_from_db()  # the immediate task backend has run the dry run
    return job


def codes(job):
    return [(p["row"], p["code"]) for p in job.errors]


def test_the_import_refuses_serial_0000_like_the_form(bob):
    zero_serial = person(1).replace(
        person(1).split(";")[0],
        make_nik(district_code="13.02.07", birth_date=dt.date(1980, 3, 12), sex=MALE, serial=0),
    )
    job = dry_run(bob, csv_file(person(2), zero_serial))
    assert codes(job) == [(5, "nik_serial_zero")]

    nik = zero_serial.split(";")[0]
    form = check_worker(
        WorkerInput(
            nik=nik,
            name="Pekerja",
            sex=MALE,
            birth_date=dt.date(1980, 3, 12),
            village_code="13.02.07.2001",
            occupation_code="petani",
        )
    )
    assert [p.code for p in form.errors["nik"]] == ["nik_serial_zero"]


def test_the_dry_run_notes_a_nik_issued_in_another_regency_by_name(bob):
    from tests.conftest import build_regions

    build_regions({"73": "Sulawesi Selatan", "73.71": "Kota Makassar", "73.71.01": "Mariso"})
    home = person(1)
    moved_nik = make_nik(district_code="73.71.01", birth_date=dt.date(1980, 3, 12), sex=MALE, serial=2)
    moved = person(2).replace(person(2).split(";")[0], moved_nik)
    job = dry_run(bob, csv_file(home, moved))
    assert job.invalid == 0
    notices = [(w["row"], w["code"], w["message"].split(",")[0]) for w in job.warning_list]
    assert notices == [(5, "nik_issued_elsewhere", "NIK diterbitkan di Kota Makassar")]
