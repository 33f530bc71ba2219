"""`payung worker`: the background-job worker, supervised.

Runs `payung db_worker` as a child process and starts it again when it dies (killed, out of memory, a
crash), so later jobs never queue with nobody to run them. When the child dies, the jobs it was running
are failed at once with a true message (their transactions were rolled back by the database) and their
task rows with them; every few seconds it also fails jobs whose worker died elsewhere (silent too long).
Uploaded files past their retention are purged at start and every few hours.

It runs at a lower CPU priority (`PAYUNG_WORKER_NICE`, default 10; the child inherits it): on a small
VM an import or a lapse run yields the processor to the pages people are waiting for.

`make run` starts it beside the development server; `payung serve` beside gunicorn.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from types import FrameType

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string

from payung.imports import progress
from payung.imports.services import import_jobs_fail_orphans

# A child that dies sooner than this after its start is restarted after a growing pause (a broken
# configuration must not spin the CPU); one that ran longer is restarted at once.
HEALTHY_AFTER = 30.0
MAX_PAUSE = 30.0
PURGE_EVERY = 6 * 3600


class Command(BaseCommand):
    help = "Run the background-job worker (db_worker) and start it again whenever it dies."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--queue-name", default="*", help="queues to run (default: all)")
        parser.add_argument("--sweep", type=float, default=5.0, help="seconds between looks for dead jobs")
        parser.add_argument("--no-purge", action="store_true", help="do not purge old uploads")

    def handle(self, *args, queue_name: str, sweep: float, no_purge: bool, **options) -> None:
        lower_priority(settings.PAYUNG_WORKER_NICE)
        self.stopping = False
        self.child: subprocess.Popen | None = None
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._stop)
        pause = 1.0
        last_purge = 0.0
        self._sweep()
        while not self.stopping:
            worker_id = get_random_string(32)
            started = time.monotonic()
            self.child = subprocess.Popen(self._command(queue_name, worker_id))  # noqa: S603 - our own command
            self.stdout.write(f"payung worker: db_worker started (pid {self.child.pid})")
            while not self.stopping:
                try:
                    self.child.wait(timeout=sweep)
                    break
                except subprocess.TimeoutExpired:
                    self._sweep()
                    if not no_purge and time.monotonic() - last_purge > PURGE_EVERY:
                        last_purge = time.monotonic()
                        self._purge()
            if self.stopping:
                break
            code = self.child.returncode
            self.stderr.write(
                f"payung worker: db_worker (pid {self.child.pid}) ended with {code}; restarting"
            )
            self._child_died(self.child.pid, worker_id)
            pause = 1.0 if time.monotonic() - started > HEALTHY_AFTER else min(pause * 2, MAX_PAUSE)
            time.sleep(pause)
        self._shutdown()

    def _command(self, queue_name: str, worker_id: str) -> list[str]:
        # The same interpreter and settings; no autoreload (this process restarts it instead).
        return [
            sys.executable,
            "-m",
            "payung",
            "db_worker",
            "--queue-name",
            queue_name,
            "--worker-id",
            worker_id,
            "--no-reload",
            "--no-startup-delay",
        ]

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True
        if self.child is not None and self.child.poll() is None:
            self.child.send_signal(signal.SIGTERM)  # db_worker finishes or rolls back its current task

    def _shutdown(self) -> None:
        if self.child is not None and self.child.poll() is None:
            try:
                self.child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.child.kill()
                self.child.wait()
        if self.child is not None:
            self._child_died(self.child.pid, None)

    def _sweep(self) -> None:
        try:
            close_old_connections()
            import_jobs_fail_orphans()
        except DatabaseError as exc:  # the database restarting: look again at the next sweep
            self.stderr.write(f"payung worker: could not look for dead jobs: {exc}")

    def _child_died(self, pid: int, worker_id: str | None) -> None:
        """Fail what the dead child was running: its import jobs and its task rows."""
        try:
            close_old_connections()
            failed = import_jobs_fail_orphans(worker=progress.worker_name(pid))
            if failed:
                self.stderr.write(f"payung worker: import jobs {failed} failed with their worker")
            if worker_id is not None:
                _fail_tasks_of(worker_id)
        except DatabaseError as exc:
            self.stderr.write(f"payung worker: could not fail the dead worker's jobs: {exc}")

    def _purge(self) -> None:
        try:
            call_command("purge_uploads", stdout=io.StringIO())
        except Exception as exc:  # noqa: BLE001 - a failed purge must not stop the jobs
            self.stderr.write(f"payung worker: purge_uploads failed: {exc}")


def lower_priority(increment: int) -> int:
    """Make this process (and the children it starts) nicer by ``increment``; the niceness reached."""
    if increment <= 0 or not hasattr(os, "nice"):
        return os.nice(0) if hasattr(os, "nice") else 0
    return os.nice(increment)


def _fail_tasks_of(worker_id: str) -> None:
    """Task rows the dead child left RUNNING (an import's row is already failed with its job)."""
    from django_tasks_db.models import DBTaskResult

    for result in DBTaskResult.objects.filter(status="RUNNING"):
        if result.worker_ids and result.worker_ids[-1] == worker_id:
            DBTaskResult.objects.filter(pk=result.pk, status="RUNNING").update(
                status="FAILED",
                finished_at=timezone.now(),
                exception_class_path="payung.core.management.commands.worker.WorkerDied",
                traceback="The worker process running this task died.",
            )
