"""A job, its original file and its report follow the user's current role and scope, not the uploader."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from payung.accounts.models import Role
from payung.imports.models import ImportJob
from payung.imports.selectors import jobs_visible_to

from .files import csv_file, person

PAGES = ["imports:detail", "imports:status", "imports:original", "imports:report"]


def upload_with_an_error(client, user, **extra):
    client.force_login(user)
    broken = person(2).replace(";L;", ";X;")
    data = csv_file(person(1), broken)
    client.post(reverse("imports:start"), {"file": SimpleUploadedFile("daftar.csv", data), **extra})
    job = ImportJob.objects.get()
    assert job.error_report, "the dry run wrote a report"
    return job


def answers(client, job):
    found = {}
    for name in PAGES:
        response = client.get(reverse(name, args=[job.pk]))
        if response.streaming:  # read to the end: the client then closes the file (and not the connection)
            b"".join(response.streaming_content)
        found[name] = response.status_code
    return found


def test_the_uploader_sees_the_job_the_file_and_the_report(client, bob):
    job = upload_with_an_error(client, bob)
    assert answers(client, job) == dict.fromkeys(PAGES, 200)


def test_an_uploader_demoted_to_viewer_no_longer_sees_the_job_its_file_or_its_report(client, bob):
    job = upload_with_an_error(client, bob)
    bob.role = Role.VIEWER
    bob.save()
    client.force_login(bob)
    assert answers(client, job) == dict.fromkeys(PAGES, 404)
    assert "daftar.csv" not in client.get(reverse("imports:history")).content.decode()


def test_a_deactivated_uploader_sees_nothing(bob):
    ImportJob.objects.create(user=bob, original_name="daftar.csv")
    bob.is_active = False
    assert not jobs_visible_to(bob).exists()


def test_a_job_for_a_district_is_gone_once_the_uploader_no_longer_works_there(client, bob):
    job = upload_with_an_error(client, bob, district="13.02.07")
    assert job.district_id == "13.02.07"
    bob.regions.set(["73.16"])
    client.force_login(bob)
    assert answers(client, job) == dict.fromkeys(PAGES, 404)
