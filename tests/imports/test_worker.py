"""A job whose worker died: found by its process or its silence, failed with a true message, retried or
cancelled; its task row fails with it. Progress and cancel go through the job row alone."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from payung.imports import progress, running, writer
from payung.imports.models import ImportJob, Status
from payung.imports.running import run
from payung.imports.services import import_job_cancel, import_jobs_fail_orphans
from payung.registry.models import Worker

from .files import csv_file, person


def dead_pid() -> int:
    """The process id of a process of this host that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def checked_job(client, bob):
    client.force_login(bob)
    client.post(reverse("imports:start"), {"file": SimpleUploadedFile("daftar.csv", csv_file(person(1)))})
    job = ImportJob.objects.get()
    assert job.status == Status.CHECKED
    return job


def as_running(job: ImportJob, *, worker: str, heartbeat: dt.datetime, dry_run: bool = False) -> ImportJob:
    """The job as a worker leaves it when it is killed mid-save: importing, 56 %."""
    job.status = Status.CHECKING if dry_run else Status.IMPORTING
    job.dry_run = dry_run
    job.worker, job.heartbeat_at, job.started_at = worker, heartbeat, heartbeat
    job.phase, job.progress = "Menyimpan", 56
    job.save()
    return job


def test_a_job_whose_worker_process_is_gone_fails_at_the_next_look_with_a_true_message(client, checked_job):
    job = as_running(checked_job, worker=progress.worker_name(dead_pid()), heartbeat=timezone.now())
    page = client.get(reverse("imports:status", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert (job.status, job.file_error_code) == (Status.FAILED, "worker_died")
    assert "Menyimpan, 56 %" in job.file_error
    assert "Tidak ada data yang disimpan" in job.file_error
    assert "every 1s" not in page  # the page stops waiting
    assert "Jalankan lagi" in page
    assert "NIK" not in job.file_error and "judul kolom" not in page


def test_a_job_silent_for_two_minutes_on_another_host_is_failed(checked_job):
    job = as_running(
        checked_job,
        worker="server-lain:4242",
        heartbeat=timezone.now() - progress.ORPHAN_AFTER - dt.timedelta(seconds=1),
    )
    assert import_jobs_fail_orphans() == [job.pk]
    job.refresh_from_db()
    assert job.status == Status.FAILED


def test_a_job_with_a_fresh_heartbeat_keeps_running(client, checked_job):
    for worker in ("server-lain:4242", progress.worker_name()):  # another host; this live process
        job = as_running(
            checked_job,
            worker=worker,
            heartbeat=timezone.now() - progress.ORPHAN_AFTER + dt.timedelta(seconds=10),
        )
        assert import_jobs_fail_orphans() == []
        page = client.get(reverse("imports:status", args=[job.pk])).content.decode()
        assert "every 1s" in page and "56%" in page and "Menyimpan" in page


def test_retry_runs_the_same_import_again(client, checked_job):
    job = as_running(checked_job, worker=progress.worker_name(dead_pid()), heartbeat=timezone.now())
    import_jobs_fail_orphans()
    client.post(reverse("imports:retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.created, job.file_error) == (Status.DONE, 1, "")
    assert Worker.objects.count() == 1


def test_cancel_works_on_an_orphan(client, checked_job):
    job = as_running(checked_job, worker=progress.worker_name(dead_pid()), heartbeat=timezone.now())
    client.post(reverse("imports:cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Status.CANCELLED


def test_cancel_works_on_a_job_already_failed_with_its_worker(client, checked_job):
    job = as_running(checked_job, worker=progress.worker_name(dead_pid()), heartbeat=timezone.now())
    import_jobs_fail_orphans()
    client.post(reverse("imports:cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Status.CANCELLED


def test_the_task_row_left_running_by_the_dead_worker_fails_with_the_job(checked_job):
    task = DBTaskResult.objects.create(
        id=uuid.uuid4(),
        args_kwargs={"args": [checked_job.pk], "kwargs": {}},
        priority=0,
        task_path="payung.imports.tasks.run_import_job",
        queue_name="default",
        backend_name="default",
        status="RUNNING",
    )
    checked_job.task_id = str(task.id)
    job = as_running(checked_job, worker=progress.worker_name(dead_pid()), heartbeat=timezone.now())
    import_jobs_fail_orphans()
    task.refresh_from_db()
    assert task.status == "FAILED"
    assert "berhenti mendadak" in task.traceback
    job.refresh_from_db()
    assert job.status == Status.FAILED


def test_a_cancel_asked_for_a_live_job_is_a_flag_in_its_row(checked_job, bob):
    job = as_running(checked_job, worker=progress.worker_name(), heartbeat=timezone.now())
    import_job_cancel(actor=bob, job=job)
    job.refresh_from_db()
    assert (job.status, job.cancel_requested) == (Status.IMPORTING, True)


def test_progress_is_written_to_the_job_row_and_no_file_is_left_under_media(checked_job, media, monkeypatch):
    job = checked_job
    job.dry_run = False
    seen = []
    original = running.write_plan

    def look_then_write(*args, **kwargs):
        seen.append(ImportJob.objects.values_list("phase", "progress", "worker").get(pk=job.pk))
        return original(*args, **kwargs)

    monkeypatch.setattr(running, "write_plan", look_then_write)
    run(job)
    assert seen == [("Menyimpan", 40, progress.worker_name())]
    assert not (media / "imports" / "run").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_cancel_during_the_save_rolls_everything_back(regions, bob, monkeypatch):
    """PostgreSQL: the beat's own connection reads the flag while the save's transaction runs."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite: nobody can write the flag while the save holds the write lock")
    from payung.imports.services import import_job_create

    job = import_job_create(
        actor=bob, file=SimpleUploadedFile("d.csv", csv_file(person(1), person(2))), name="d.csv", start=False
    )
    job.dry_run = False
    job.save()
    original = writer._insert_postgresql

    def insert_then_wait_for_a_cancel(*args, **kwargs):
        written = original(*args, **kwargs)
        person_asks = threading.Thread(
            target=lambda: (
                import_job_cancel(actor=bob, job=ImportJob.objects.get(pk=job.pk)),
                connection.close(),
            )
        )
        person_asks.start()
        person_asks.join()
        time.sleep(progress.HEARTBEAT_SECONDS * 2.5)  # the beat reads the flag meanwhile
        return written

    monkeypatch.setattr(writer, "_insert_postgresql", insert_then_wait_for_a_cancel)
    outcome = run(job)
    assert outcome.job.status == Status.CANCELLED
    assert Worker.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_a_cancel_during_the_save_is_refused_in_words_and_the_save_completes(
    regions, bob, monkeypatch
):
    """SQLite: the save holds the only write lock, so the flag cannot be written; the person is told."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL: the cancel reaches the save (test above)")
    from payung.imports.services import ImportRefused, import_job_create

    job = import_job_create(
        actor=bob, file=SimpleUploadedFile("d.csv", csv_file(person(1), person(2))), name="d.csv", start=False
    )
    job.dry_run = False
    job.save()
    original = writer._insert_sqlite
    answers = []

    def person_asks():
        try:
            import_job_cancel(actor=bob, job=ImportJob.objects.get(pk=job.pk))
        except ImportRefused as refused:
            answers.append(str(refused))
        finally:
            connection.close()

    def insert_while_a_person_cancels(*args, **kwargs):
        written = original(*args, **kwargs)
        asking = threading.Thread(target=person_asks)
        asking.start()
        asking.join()
        return written

    monkeypatch.setattr(writer, "_insert_sqlite", insert_while_a_person_cancels)
    outcome = run(job)
    assert answers == [
        "Data sedang disimpan dan tidak dapat dibatalkan lagi; penyimpanan selesai sebentar lagi."
    ]
    assert (outcome.job.status, Worker.objects.count()) == (Status.DONE, 2)
