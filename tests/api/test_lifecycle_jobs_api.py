"""On a large scheme the API's long lifecycle steps answer 202 with a job, which says its progress and
at the end the screen's messages; the job is scoped like its scheme."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from payung.audit.models import AuditEvent
from payung.schemes.models import JobKind, LifecycleJob, MembershipStatus
from payung.schemes.services.memberships import membership_propose, memberships_submit
from tests.api.helpers import api_for
from tests.conftest import make_worker
from tests.schemes.builders import TODAY, active_member, approve, make_scheme
from tests.schemes.test_branch import answer_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_step_in_the_background(settings):
    settings.PAYUNG_LIFECYCLE_INLINE_MEMBERS = -1


def test_a_large_submission_answers_202_and_its_job_reports_the_screens_message(
    alice, bob, charlie, every_step_in_the_background
):
    scheme = approve(alice, make_scheme(alice))
    membership_propose(actor=alice, scheme=scheme, worker=make_worker(name="Rosmiati"), today=TODAY)
    assert api_for(bob).post(f"/api/v1/schemes/{scheme.pk}/memberships/submit/").status_code == 403
    assert not LifecycleJob.objects.exists()  # a refused role starts no job
    answer = api_for(alice).post(f"/api/v1/schemes/{scheme.pk}/memberships/submit/")
    job = LifecycleJob.objects.get()
    assert answer.status_code == 202 and answer["Location"].endswith(
        f"/api/v1/schemes/{scheme.pk}/jobs/{job.pk}/"
    )
    body = api_for(alice).get(answer["Location"]).json()
    assert (body["kind"], body["status"], body["progress"], body["refused"]) == ("submit", "done", 100, False)
    assert body["messages"] == [{"level": "success", "text": "1 peserta diajukan ke BPJS."}]
    assert set(scheme.memberships.values_list("status", flat=True)) == {MembershipStatus.SUBMITTED}
    assert AuditEvent.objects.filter(object_type="membership", source="api").exists()
    assert api_for(charlie).get(answer["Location"]).status_code == 404


def test_a_bill_and_an_answer_file_in_the_background(alice, every_step_in_the_background):
    scheme = make_scheme(alice)
    active_member(alice, scheme, make_worker())
    issued = api_for(alice).post(
        f"/api/v1/schemes/{scheme.pk}/bills/", {"month": "2026-01-01"}, format="json"
    )
    assert issued.status_code == 202 and scheme.bills.get().total == 16_800
    assert api_for(alice).get(issued["Location"]).json()["messages"][0]["text"] == (
        "Tagihan 01/2026 terbit: 1 peserta."
    )

    submitted = approve(alice, make_scheme(alice, name="Kedua"))
    worker = make_worker(name="Zainal")
    membership_propose(actor=alice, scheme=submitted, worker=worker, today=TODAY)
    memberships_submit(actor=alice, scheme=submitted)
    data = answer_file([(worker.nik, "Zainal", "26010000001", "")])
    upload = SimpleUploadedFile("jawaban.xlsx", io.BytesIO(data).getvalue())
    answered = api_for(alice).post(f"/api/v1/schemes/{submitted.pk}/answer-file/", {"file": upload})
    assert answered.status_code == 202
    job = api_for(alice).get(answered["Location"]).json()
    assert job["kind"] == JobKind.ANSWER and job["answer"]["applied"] and job["answer"]["activated"] == 1
    assert submitted.memberships.get().status == MembershipStatus.ACTIVE
