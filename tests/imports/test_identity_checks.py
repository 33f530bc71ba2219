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
