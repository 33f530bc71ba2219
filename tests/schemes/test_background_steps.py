"""A lifecycle step on a large scheme runs as a background job: the person lands on the job's page,
which ends with the same messages as the step run during the request, and a link onward."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from django.utils import timezone
from fastexcel import read_excel

from payung.lib import jobs
from payung.schemes.models import JobKind, JobStatus, LifecycleJob, Membership, MembershipStatus
from payung.schemes.services.memberships import membership_propose
from tests.conftest import make_worker

from .builders import TODAY, active_member, approve, make_scheme
from .test_branch import answer_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_step_in_the_background(settings):
    settings.PAYUNG_LIFECYCLE_INLINE_MEMBERS = -1  # even an empty scheme


@pytest.fixture
def proposed(alice):
    scheme = approve(alice, make_scheme(alice))
    for name in ("Rosmiati", "Zainal"):
        membership_propose(actor=alice, scheme=scheme, worker=make_worker(name=name), today=TODAY)
    return scheme


def test_a_small_scheme_submits_during_the_request(client, alice, proposed):
    client.force_login(alice)
    response = client.post(f"/kepesertaan/skema/{proposed.pk}/ajukan/")
    assert response.url == f"/kepesertaan/skema/{proposed.pk}/"
    assert not LifecycleJob.objects.exists()


def test_a_large_submission_runs_as_a_job_and_its_page_says_what_it_did(
    client, alice, proposed, every_step_in_the_background
):
    client.force_login(alice)
    response = client.post(f"/kepesertaan/skema/{proposed.pk}/ajukan/")
    job = LifecycleJob.objects.get()
    assert response.url == f"/skema/{proposed.pk}/proses/{job.pk}/"
    assert (job.kind, job.status, job.progress, job.user) == (JobKind.SUBMIT, JobStatus.DONE, 100, alice)
    page = client.get(response.url).content.decode()
    assert "2 peserta diajukan ke BPJS." in page
    assert f'href="/kepesertaan/skema/{proposed.pk}/"' in page and "hx-trigger" not in page
    assert set(proposed.memberships.values_list("status", flat=True)) == {MembershipStatus.SUBMITTED}


def test_a_refused_step_fails_with_the_services_message_and_changes_nothing(
    client, alice, every_step_in_the_background
):
    scheme = make_scheme(alice)  # a draft: not yet approved, so not to be submitted
    membership_propose(actor=alice, scheme=scheme, worker=make_worker(), today=TODAY)
    client.force_login(alice)
    client.post(f"/kepesertaan/skema/{scheme.pk}/ajukan/")
    job = LifecycleJob.objects.get()
    assert job.status == JobStatus.FAILED and job.outcome["refused"]
    assert job.outcome["messages"][0]["level"] == "error" and job.outcome["messages"][0]["text"]
    assert set(scheme.memberships.values_list("status", flat=True)) == {MembershipStatus.PROPOSED}


def test_a_bill_issued_as_a_job_and_the_operator_refused_as_during_the_request(
    client, alice, bob, every_step_in_the_background
):
    scheme = make_scheme(alice)
    active_member(alice, scheme, make_worker())
    client.force_login(bob)
    client.post(f"/tagihan/skema/{scheme.pk}/terbitkan/", {"month": "2026-01-01"})
    refused = LifecycleJob.objects.get()
    assert refused.status == JobStatus.FAILED and "Hanya admin" in refused.outcome["messages"][0]["text"]
    client.force_login(alice)
    response = client.post(f"/tagihan/skema/{scheme.pk}/terbitkan/", {"month": "2026-01-01"})
    assert scheme.bills.get().total == 16_800
    page = client.get(response.url).content.decode()
    assert "Tagihan 01/2026 terbit: 1 peserta." in page and "Januari 2026" in page


def test_an_answer_file_checked_as_a_job_shows_its_mismatches_and_downloads_them(
    client, alice, submitted, every_step_in_the_background
):
    scheme, (a, _b, _c) = submitted
    client.force_login(alice)
    upload = io.BytesIO(
        answer_file([(a.nik, "Rosmiati", "26010000001", ""), ("3201010101010001", "X", "260100099", "")])
    )
    upload.name = "jawaban.xlsx"
    response = client.post(f"/kepesertaan/skema/{scheme.pk}/jawaban-bpjs/", {"file": upload})
    job = LifecycleJob.objects.get()
    assert job.kind == JobKind.ANSWER and job.upload is None  # the file is not kept once read
    page = client.get(response.url).content.decode()
    assert "Berkas tidak diterapkan: 1 ketidakcocokan" in page and "3201010101010001" in page
    data = b"".join(client.get(f"{response.url}?format=xlsx").streaming_content)
    frame = read_excel(data).load_sheet(0, dtypes="string").to_polars()
    assert frame["Baris"].to_list() == ["3"] and frame["Jenis"].to_list() == ["galat"]
    assert Membership.objects.get(worker=a).status == MembershipStatus.SUBMITTED


def test_another_regency_gets_404_and_an_operator_never_sees_an_answers_niks(
    client, alice, bob, charlie, submitted, every_step_in_the_background
):
    scheme, _workers = submitted
    client.force_login(alice)
    upload = io.BytesIO(answer_file([("3201010101010001", "X", "260100099", "")]))
    upload.name = "jawaban.xlsx"
    url = client.post(f"/kepesertaan/skema/{scheme.pk}/jawaban-bpjs/", {"file": upload}).url
    for other in (charlie, bob):
        client.force_login(other)
        assert client.get(url).status_code == 404


def test_a_queued_job_polls_and_a_job_whose_worker_died_fails_with_a_true_message(client, alice, proposed):
    job = LifecycleJob.objects.create(scheme=proposed, kind=JobKind.SUBMIT, user=alice, user_name="alice")
    client.force_login(alice)
    url = f"/skema/{proposed.pk}/proses/{job.pk}/"
    assert 'hx-trigger="every 1s"' in client.get(url).content.decode()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    LifecycleJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, worker=jobs.worker_name(int(dead.stdout)), heartbeat_at=timezone.now()
    )
    page = client.get(url).content.decode()
    assert "pekerja latar belakang berhenti" in page
    assert LifecycleJob.objects.get(pk=job.pk).status == JobStatus.FAILED
    assert set(proposed.memberships.values_list("status", flat=True)) == {MembershipStatus.PROPOSED}
