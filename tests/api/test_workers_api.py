"""The API obeys the same access layer: scope, 404 outside it, masking for viewers, audited writes."""

import pytest
from rest_framework.test import APIClient

from payung.audit.models import AuditEvent
from tests.api.helpers import api_for


@pytest.fixture
def solok_worker(worker_factory):
    return worker_factory("13.02.07.2001", name="Rosmiati Koto", phone="081234567890")


@pytest.fixture
def enrekang_worker(worker_factory):
    return worker_factory("73.16.01.2001", name="Baharuddin Tahir", sex="L")


def test_a_token_is_required(db):
    assert APIClient().get("/api/v1/workers/").status_code == 401


def test_the_list_holds_only_workers_in_scope(bob, solok_worker, enrekang_worker):
    body = api_for(bob).get("/api/v1/workers/").json()
    assert [w["id"] for w in body["results"]] == [solok_worker.pk]


def test_a_worker_outside_the_scope_is_404_like_a_missing_one(charlie, solok_worker):
    client = api_for(charlie)
    outside = client.get(f"/api/v1/workers/{solok_worker.pk}/")
    missing = client.get("/api/v1/workers/999999/")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()


def test_the_list_masks_the_nik_and_the_detail_shows_it_and_logs_the_look(bob, solok_worker):
    from payung.audit.models import PersonalDataAccess

    client = api_for(bob)
    listed = client.get("/api/v1/workers/").json()["results"][0]
    assert listed["nik"] == solok_worker.nik[:4] + "********" + solok_worker.nik[-4:]
    assert listed["phone"] == "0812****7890"
    assert PersonalDataAccess.objects.count() == 0
    detail = client.get(f"/api/v1/workers/{solok_worker.pk}/").json()
    assert detail["nik"] == solok_worker.nik and detail["phone"] == "081234567890"
    access = PersonalDataAccess.objects.get()
    assert (access.actor, access.channel, access.full_nik) == (bob, "api", True)
    assert list(access.subjects.values_list("worker_id", "regency_code")) == [(solok_worker.pk, "13.02")]


def test_a_viewer_receives_no_person_from_the_api(vera, solok_worker):
    client = api_for(vera)
    assert client.get("/api/v1/workers/").status_code == 403
    assert client.get(f"/api/v1/workers/{solok_worker.pk}/").status_code == 403
    # The same answer for an id that does not exist: nothing to probe.
    assert client.get("/api/v1/workers/999999/").status_code == 403


def test_an_operator_registers_a_worker_and_the_change_is_audited(bob):
    response = api_for(bob).post(
        "/api/v1/workers/",
        {
            "nik": "1302075203850001",
            "name": "Siti Rahma",
            "sex": "P",
            "birth_date": "1985-03-12",
            "village_code": "13.02.07.2002",
            "occupation_code": "petani",
            "dtsen_decile": 2,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["nik"] == "1302075203850001"
    event = AuditEvent.objects.get(object_type="worker")
    assert (event.source, event.actor_name) == ("api", "bob")


def test_bad_input_answers_400_with_field_codes_and_saves_nothing(bob):
    response = api_for(bob).post(
        "/api/v1/workers/",
        {
            "nik": "1302075203850001",
            "name": "Siti Rahma",
            "sex": "L",
            "birth_date": "1985-03-12",
            "village_code": "13.02.07.2002",
            "occupation_code": "petani",
            "dtsen_decile": 11,
        },
        format="json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["message"]
    assert {(name, p["code"]) for name, problems in error["fields"].items() for p in problems} == {
        ("nik", "nik_sex_mismatch"),
        ("dtsen_decile", "decile_range"),
    }
    assert not AuditEvent.objects.filter(object_type="worker").exists()


def test_a_viewer_cannot_write(vera):
    response = api_for(vera).post("/api/v1/workers/", {}, format="json")
    assert response.status_code == 403


def test_regions_are_searchable_by_code_prefix(bob):
    body = api_for(bob).get("/api/v1/regions/", {"q": "1302", "level": 3}).json()
    assert [r["code"] for r in body] == ["13.02.07", "13.02.10"]


def test_the_openapi_description_is_served(bob):
    response = api_for(bob).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/workers/" in response.content


def test_an_operator_updates_a_worker_in_scope_and_not_outside(bob, charlie, solok_worker):
    data = {
        "nik": solok_worker.nik,
        "name": "Rosmiati Koto Baru",
        "sex": solok_worker.sex,
        "birth_date": solok_worker.birth_date.isoformat(),
        "village_code": solok_worker.village_id,
        "occupation_code": solok_worker.occupation_id,
        "dtsen_decile": 3,
    }
    outside = api_for(charlie).put(f"/api/v1/workers/{solok_worker.pk}/", data, format="json")
    assert outside.status_code == 404
    answer = api_for(bob).put(f"/api/v1/workers/{solok_worker.pk}/", data, format="json")
    assert answer.status_code == 200, answer.json()
    solok_worker.refresh_from_db()
    assert (solok_worker.name, solok_worker.dtsen_decile) == ("Rosmiati Koto Baru", 3)
    event = AuditEvent.objects.filter(object_type="worker", action="update").get()
    assert (event.source, event.actor_name) == ("api", "bob")
