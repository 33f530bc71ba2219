import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from payung.audit.models import AuditEvent
from payung.lib.nik import make_nik
from payung.registry.models import Worker
from payung.registry.services import WorkerInvalid, worker_register, worker_update
from payung.registry.validation import WorkerInput

TODAY = dt.date(2026, 11, 21)


def siti(**changes) -> WorkerInput:
    fields = dict(
        nik=make_nik(district_code="13.02.07", birth_date=dt.date(1985, 3, 12), sex="P", serial=1),
        name="Siti Rahma",
        sex="P",
        birth_date=dt.date(1985, 3, 12),
        village_code="13.02.07.2002",
        occupation_code="petani",
        dtsen_decile=2,
        monthly_income=900_000,
        phone="+62 812-3456-7890",
    )
    fields.update(changes)
    return WorkerInput(**fields)


def field_codes(invalid: WorkerInvalid) -> dict[str, list[str]]:
    return {field: [p.code for p in problems] for field, problems in invalid.check.errors.items()}


def test_it_registers_a_worker_with_its_region_codes_and_an_audit_row(bob):
    worker = worker_register(actor=bob, data=siti(nik="1302.07 5203850001"), today=TODAY)
    assert worker.nik == "1302075203850001"
    assert (worker.district_code, worker.regency_code, worker.province_code) == ("13.02.07", "13.02", "13")
    assert worker.phone == "081234567890"
    event = AuditEvent.objects.get(object_type="worker", object_id=str(worker.pk))
    assert event.actor == bob and event.action == "create"
    assert event.changes["name"] == [None, "Siti Rahma"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"nik": "13020752038500"}, {"nik": ["nik_length"]}),
        ({"village_code": "13.02.07.9999"}, {"village_code": ["village_unknown"]}),
        ({"birth_date": dt.date(2027, 1, 1)}, {"birth_date": ["birth_date_future"]}),
        ({"monthly_income": -1}, {"monthly_income": ["income_negative"]}),
        ({"dtsen_decile": 0}, {"dtsen_decile": ["decile_range"]}),
        ({"dtsen_decile": 11}, {"dtsen_decile": ["decile_range"]}),
        ({"sex": "L"}, {"nik": ["nik_sex_mismatch"]}),
        ({"birth_date": dt.date(1985, 3, 13)}, {"nik": ["nik_birth_date_mismatch"]}),
        ({"name": "  "}, {"name": ["name_empty"]}),
        ({"phone": "12345"}, {"phone": ["phone_invalid"]}),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(bob, changes, expected):
    with pytest.raises(WorkerInvalid) as refused:
        worker_register(actor=bob, data=siti(**changes), today=TODAY)
    assert field_codes(refused.value) == expected
    assert Worker.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_nik_prefix_missing_from_todays_tree_is_only_a_warning(bob):
    nik = make_nik(district_code="13.02.99", birth_date=dt.date(1985, 3, 12), sex="P", serial=7)
    worker = worker_register(actor=bob, data=siti(nik=nik), today=TODAY)
    assert worker.nik == nik


def test_one_person_per_nik(bob):
    worker_register(actor=bob, data=siti(), today=TODAY)
    with pytest.raises(WorkerInvalid) as refused:
        worker_register(actor=bob, data=siti(name="Siti R."), today=TODAY)
    assert field_codes(refused.value) == {"nik": ["nik_duplicate"]}
    assert Worker.objects.count() == 1


def test_an_operator_cannot_register_outside_its_regions(charlie):
    with pytest.raises(WorkerInvalid) as refused:
        worker_register(actor=charlie, data=siti(), today=TODAY)
    assert field_codes(refused.value) == {"village_code": ["village_unknown"]}


def test_viewers_and_bpjs_officers_cannot_write(vera, dina):
    for user in (vera, dina):
        with pytest.raises(PermissionDenied):
            worker_register(actor=user, data=siti(village_code="73.16.01.2001"), today=TODAY)


def test_an_update_records_old_and_new_values(bob, alice):
    worker = worker_register(actor=bob, data=siti(), today=TODAY)
    worker_update(actor=alice, worker=worker, data=siti(dtsen_decile=1, monthly_income=700_000), today=TODAY)
    event = AuditEvent.objects.filter(action="update").get()
    assert event.actor == alice
    assert event.changes == {"dtsen_decile": ["2", "1"], "monthly_income": ["900000", "700000"]}
    worker.refresh_from_db()
    assert worker.dtsen_decile == 1


def test_an_update_without_changes_writes_no_audit_row(bob):
    worker = worker_register(actor=bob, data=siti(), today=TODAY)
    worker_update(actor=bob, worker=worker, data=siti(), today=TODAY)
    assert AuditEvent.objects.filter(action="update").count() == 0


def test_a_failed_update_changes_nothing(bob):
    worker = worker_register(actor=bob, data=siti(), today=TODAY)
    with pytest.raises(WorkerInvalid):
        worker_update(actor=bob, worker=worker, data=siti(dtsen_decile=11, name="Lain"), today=TODAY)
    worker.refresh_from_db()
    assert (worker.name, worker.dtsen_decile) == ("Siti Rahma", 2)
