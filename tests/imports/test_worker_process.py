"""The worker killed for real: `payung worker` runs db_worker, the test kills db_worker mid-import with
SIGKILL, and the job is failed with the true message within a minute; the restarted worker runs the next
job. On SQLite the test's database is copied to a file the processes share; on PostgreSQL they use the
test database itself."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from payung.imports.models import ImportJob, Status
from payung.imports.services import import_job_create
from payung.imports.tasks import run_import_job

from .files import csv_file, person

pytestmark = pytest.mark.django_db(transaction=True)

# Enough rows that the import is still running when the test kills its worker.
ROWS = 60_000


def queue(job: ImportJob) -> str:
    """Put the job on the database queue, as the web server does with the database backend."""
    backend = DatabaseBackend("default", {"QUEUES": [], "OPTIONS": {}})
    result = backend.enqueue(run_import_job, [job.pk], {})
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    return str(result.id)


class Database:
    """The database the worker processes share with the test, read with plain SQL."""

    def __init__(self, tmp_path):
        if connection.vendor == "sqlite":
            self.path = tmp_path / "payung.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            settings = connection.settings_dict
            self.path = None
            self.url = (
                f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST'] or '127.0.0.1'}:"
                f"{settings['PORT'] or 5432}/{settings['NAME']}"
            )

    def share(self) -> None:
        if self.path is not None:  # the in-memory test database, copied whole
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()

    def one(self, sql: str, *params):
        if self.path is not None:
            with sqlite3.connect(self.path, timeout=30) as db:
                return db.execute(sql, params).fetchone()
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchone()

    def job(self, pk: int) -> tuple:
        return self.one(
            "SELECT status, file_error_code, file_error, worker FROM imports_importjob WHERE id = ?", pk
        )


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    pytest.fail(f"not within {seconds} s: {what}")


def test_a_killed_worker_fails_its_job_within_a_minute_and_is_restarted(regions, bob, media, tmp_path):
    big = import_job_create(
        actor=bob,
        file=ContentFile(csv_file(*(person(i) for i in range(1, ROWS + 1)))),
        name="besar.csv",
        start=False,
    )
    big.dry_run = False
    big.save()
    big_task = queue(big)
    small = import_job_create(
        actor=bob, file=ContentFile(csv_file(person(ROWS + 1))), name="kecil.csv", start=False
    )
    queue(small)
    database = Database(tmp_path)
    database.share()
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "PAYUNG_MEDIA_DIR": str(media),
        "PAYUNG_TASKS_BACKEND": "database",
        "PAYUNG_TESTING": "1",
    }
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "payung", "worker", "--sweep", "1", "--no-purge"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        worker = wait_for(
            lambda: (row := database.job(big.pk)) and row[0] == Status.IMPORTING and row[3],
            120,
            "the big import running",
        )
        os.kill(int(worker.rpartition(":")[2]), signal.SIGKILL)  # the worker dies mid-import
        status, code, message, _ = wait_for(
            lambda: (row := database.job(big.pk)) and row[0] != Status.IMPORTING and row,
            60,
            "the job of the killed worker failed",
        )
        assert (status, code) == (Status.FAILED, "worker_died")
        assert "berhenti mendadak" in message and "Tidak ada data yang disimpan" in message
        assert database.one("SELECT count(*) FROM registry_worker") == (0,)
        task_id = big_task if connection.vendor == "postgresql" else uuid.UUID(big_task).hex
        table = DBTaskResult._meta.db_table
        assert database.one(f"SELECT status FROM {table} WHERE id = ?", task_id) == ("FAILED",)
        # The supervisor started a new db_worker: the next job in the queue is run.
        wait_for(
            lambda: database.job(small.pk)[0] == Status.CHECKED, 120, "the next job run by the new worker"
        )
    finally:
        supervisor.send_signal(signal.SIGTERM)
        try:
            supervisor.wait(timeout=60)
        except subprocess.TimeoutExpired:
            supervisor.kill()
            supervisor.wait()
        supervisor.stderr.close()
