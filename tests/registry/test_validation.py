import datetime as dt

from django.utils import translation

from payung.registry.validation import WorkerInput, check_worker

TYPED = dict(
    nik="", name="", sex="X", birth_date=dt.date(2999, 1, 1), village_code="", occupation_code="petani"
)


def test_the_checks_speak_the_language_of_the_page(regions):
    with translation.override("en"):
        english = check_worker(WorkerInput(**TYPED))
    indonesian = check_worker(WorkerInput(**TYPED))
    assert english.errors["name"][0].message == "The name is required, as written on the ID card (KTP)."
    assert english.errors["birth_date"][0].message == "The birth date cannot be in the future."
    assert english.errors["village_code"][0].message == "Choose the village where the worker lives."
    assert indonesian.errors["name"][0].message == "Nama wajib diisi sesuai KTP."
