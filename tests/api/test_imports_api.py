"""Imports by the API: the screen's job (a dry run first, then the commit), its status, its report, and
the same refusals as the screen; uploads retried with an Idempotency-Key create one job."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.imports.models import ImportJob, Status
from payung.imports.progress import worker_name
from payung.registry.models import Worker
from tests.api.helpers import api_for
from tests.imports.files import csv_file, person


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(client, data: bytes, name: str = "daftar.csv", **fields):
    return client.post(
        "/api/v1/imports/", {"file": SimpleUploadedFile(name, data), **fields}, format="multipart"
    )


def test_an_operator_uploads_a_list_polls_it_and_commits_it(bob):
    client = api_for(bob)
    response = upload(client, csv_file(person(1), person(2)))
    assert response.status_code == 202, response.json()
    body = response.json()
    job = ImportJob.objects.get()
    assert body["id"] == job.pk and job.source == "api" and job.user == bob
    assert response["Location"] == body["status_url"] == f"http://testserver/api/v1/imports/{job.pk}/"
    # The immediate task backend has run the dry run: checked, nothing saved.
    status = client.get(f"/api/v1/imports/{job.pk}/").json()
    assert (status["status"], status["dry_run"], status["rows"], status["valid"]) == ("checked", True, 2, 2)
    assert status["can_commit"] is True and status["progress"] == 100
    assert Worker.objects.count() == 0
    committed = client.post(f"/api/v1/imports/{job.pk}/commit/", {}, format="json")
    assert committed.status_code == 202, committed.json()
    done = client.get(committed["Location"]).json()
    assert (done["status"], done["created"], done["can_commit"]) == ("done", 2, False)
    assert Worker.objects.count() == 2
    # Audited as a file import, as from the screen.
    assert set(AuditEvent.objects.filter(object_type="worker").values_list("source", flat=True)) == {"import"}


def test_wrong_rows_are_listed_the_report_is_the_screens_file_and_commit_needs_valid_only(client, bob):
    api = api_for(bob)
    job_id = upload(api, csv_file(person(1), person(2).replace(";L;", ";X;"))).json()["id"]
    status = api.get(f"/api/v1/imports/{job_id}/").json()
    assert (status["valid"], status["invalid"]) == (1, 1)
    assert any("Jenis kelamin tidak dikenali" in e["message"] for e in status["errors"])
    assert status["report_url"] == f"http://testserver/api/v1/imports/{job_id}/report/"
    report = api.get(f"/api/v1/imports/{job_id}/report/")
    assert report.status_code == 200
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(bob)
    screen = client.get(f"/impor/{job_id}/laporan.xlsx")
    assert b"".join(report.streaming_content) == b"".join(screen.streaming_content)
    # The screen's refusal for the same job: invalid rows and "valid only" not chosen.
    refused = api.post(f"/api/v1/imports/{job_id}/commit/", {}, format="json")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "conflict"
    assert "hanya baris valid" in refused.json()["error"]["message"]
    assert Worker.objects.count() == 0
    assert (
        api.post(f"/api/v1/imports/{job_id}/commit/", {"valid_only": True}, format="json").status_code == 202
    )
    assert Worker.objects.count() == 1


def test_a_job_without_a_report_has_no_report_address(bob):
    api = api_for(bob)
    job_id = upload(api, csv_file(person(1))).json()["id"]
    assert api.get(f"/api/v1/imports/{job_id}/").json()["report_url"] is None
    missing = api.get(f"/api/v1/imports/{job_id}/report/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_someone_elses_import_is_404_like_a_missing_one(bob, charlie):
    job_id = upload(api_for(bob), csv_file(person(1))).json()["id"]
    other = api_for(charlie)
    for address in ("", "report/"):
        outside = other.get(f"/api/v1/imports/{job_id}/{address}")
        missing = other.get(f"/api/v1/imports/999999/{address}")
        assert outside.status_code == missing.status_code == 404
        assert outside.json() == missing.json()
    assert other.post(f"/api/v1/imports/{job_id}/commit/", {}, format="json").status_code == 404
    assert other.post(f"/api/v1/imports/{job_id}/cancel/").status_code == 404
    assert other.get("/api/v1/imports/").json()["results"] == []
    assert [j["id"] for j in api_for(bob).get("/api/v1/imports/").json()["results"]] == [job_id]
    assert ImportJob.objects.get().status == Status.CHECKED


def test_a_viewer_may_not_upload_and_sees_no_imports(vera, bob):
    upload(api_for(bob), csv_file(person(1)))
    client = api_for(vera)
    refused = upload(client, csv_file(person(2)))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert ImportJob.objects.count() == 1
    assert client.get("/api/v1/imports/").json()["results"] == []


def test_a_district_outside_the_scope_is_refused_as_on_the_screen(bob):
    response = upload(api_for(bob), csv_file(person(1)), district="73.16.01")
    assert response.status_code == 400
    problem = response.json()["error"]["fields"]["district"][0]
    assert problem["code"] == "district_unknown" and "tidak ditemukan di wilayah kerja" in problem["message"]
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("key", ["", "impor-besar-1"])
def test_a_file_past_the_limit_is_refused_and_nothing_is_kept(bob, settings, key):
    settings.PAYUNG_MAX_UPLOAD_BYTES = 100
    response = api_for(bob).post(
        "/api/v1/imports/",
        {"file": SimpleUploadedFile("daftar.csv", csv_file(*[person(i) for i in range(1, 20)]))},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["file"][0]["code"] == "file_too_large"
    assert not ImportJob.objects.exists()


def test_an_upload_without_a_file_names_the_field(bob):
    response = api_for(bob).post("/api/v1/imports/", {"valid_only": "true"}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


def test_an_upload_retried_with_its_key_makes_one_job(bob):
    client = api_for(bob)
    data = csv_file(person(1))
    first = client.post(
        "/api/v1/imports/",
        {"file": SimpleUploadedFile("daftar.csv", data)},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="impor-2026-12-02-01",
    )
    again = client.post(
        "/api/v1/imports/",
        {"file": SimpleUploadedFile("daftar.csv", data)},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="impor-2026-12-02-01",
    )
    assert first.status_code == again.status_code == 202
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert ImportJob.objects.count() == 1
    other_file = client.post(
        "/api/v1/imports/",
        {"file": SimpleUploadedFile("daftar.csv", csv_file(person(2)))},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="impor-2026-12-02-01",
    )
    assert other_file.status_code == 409
    assert other_file.json()["error"]["code"] == "idempotency_key_reused"


def test_a_queued_job_can_be_cancelled_and_a_finished_one_not(bob):
    client = api_for(bob)
    job_id = upload(client, csv_file(person(1))).json()["id"]
    finished = client.post(f"/api/v1/imports/{job_id}/cancel/")
    assert finished.status_code == 409 and finished.json()["error"]["code"] == "conflict"
    ImportJob.objects.filter(pk=job_id).update(status=Status.QUEUED)
    cancelled = client.post(f"/api/v1/imports/{job_id}/cancel/")
    assert cancelled.status_code == 202, cancelled.json()
    assert cancelled.json()["status"] == "cancelled"
    assert ImportJob.objects.get().status == Status.CANCELLED
    assert client.post(f"/api/v1/imports/{job_id}/commit/", {}, format="json").status_code == 409


def test_a_running_job_shows_its_phase_and_progress(bob):
    client = api_for(bob)
    job_id = upload(client, csv_file(person(1))).json()["id"]
    ImportJob.objects.filter(pk=job_id).update(status=Status.IMPORTING, phase="Menyimpan", progress=55)
    # A live worker of this host (this process): not taken for dead.
    ImportJob.objects.filter(pk=job_id).update(worker=worker_name(), heartbeat_at=timezone.now())
    status = client.get(f"/api/v1/imports/{job_id}/").json()
    assert (status["status"], status["phase"], status["progress"], status["can_cancel"]) == (
        "importing",
        "Menyimpan",
        55,
        True,
    )


def test_the_import_list_does_not_grow_queries_with_jobs(bob, django_assert_max_num_queries):
    client = api_for(bob)
    upload(client, csv_file(person(1)))
    client.get("/api/v1/imports/")
    with django_assert_max_num_queries(20) as few:
        client.get("/api/v1/imports/")
    baseline = len(few.captured_queries)  # now: the uploads below overflow Django's log of queries
    for serial in range(2, 6):
        upload(client, csv_file(person(serial)), district="13.02.07")
    with django_assert_max_num_queries(baseline):
        assert len(client.get("/api/v1/imports/").json()["results"]) == 5
