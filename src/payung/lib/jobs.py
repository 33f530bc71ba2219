"""Progress, heartbeat and liveness of a background job, all in the job's own row.

The web server and the worker share only the database (no disk): the worker writes the phase, the
percentage and a heartbeat into the job row, a person's cancel (where a job has one) is a flag in the
same row, and a job whose worker died is recognised by its silence or, on the worker's own host, by
its process being gone. The row needs ``status``, ``progress``, ``heartbeat_at``,
``started_at`` and ``worker`` fields, and optionally ``phase`` and ``cancel_requested``.

A :class:`Beat` runs beside each job. Outside a long transaction, the job's own thread writes its
progress at once and reads the cancel flag. During it, a thread with its own database connection keeps
writing the heartbeat and the latest progress and reads the flag, so a long save still shows life and
can still be cancelled. On SQLite nobody can write while the save holds the only write lock: the row
keeps the last progress from before the save until it commits, and the worker's liveness comes from
its process (:func:`orphaned`), which on SQLite always runs on the database's own host.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import threading
from collections.abc import Iterable, Iterator

from django.db import DatabaseError, connection
from django.utils import timezone

# How often a running job shows it is alive.
HEARTBEAT_SECONDS = 2
# A job silent this long, seen from another host than its worker's, is taken as dead. Generous: a native
# parser holding the interpreter (calamine on a 500 MB sheet) can delay a heartbeat by tens of seconds.
# A worker killed on its host is found at once by its supervisor (`payung worker`) or by its process
# being gone; this is for a whole worker host gone.
ORPHAN_AFTER = dt.timedelta(minutes=2)
# On the worker's own host a live process is trusted this long without a heartbeat (SQLite's save), after
# which its process id is taken to belong to another program.
SILENT_AT_MOST = dt.timedelta(minutes=15)


def worker_name(pid: int | None = None) -> str:
    """``host:pid`` of the process running a job (this one unless ``pid`` is given)."""
    return f"{socket.gethostname()}:{pid or os.getpid()}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # somebody else's process: alive
        return True
    return True


def orphaned(job, working: Iterable[str], now: dt.datetime | None = None) -> bool:
    """Whether a job in one of the ``working`` statuses has lost its worker (its transaction is rolled
    back by then)."""
    if job.status not in working:
        return False
    now = now or timezone.now()
    last = job.heartbeat_at or job.started_at
    host, _, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if not _process_alive(int(pid)):
            return True
        return last is not None and now - last > SILENT_AT_MOST
    return last is None or now - last > ORPHAN_AFTER


class Beat:
    """The heartbeat, progress and cancel flag of one running job (use as a context manager)."""

    def __init__(self, model, job_id: int, working: Iterable[str], *, phase_length: int = 60) -> None:
        self.model, self.job_id, self.working = model, job_id, tuple(working)
        self.phase_length = phase_length
        self.phase = ""
        self.percent = 0
        self._saving = False
        fields = {f.name for f in model._meta.get_fields()}
        self._cancellable, self._phased = "cancel_requested" in fields, "phase" in fields
        self._cancelled = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"job-{job_id}-beat", daemon=True)

    def __enter__(self) -> Beat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def report(self, phase: str, percent: int) -> bool:
        """Record the phase and percentage; True when a person asked to cancel."""
        self.phase, self.percent = phase[: self.phase_length], max(0, min(100, percent))
        if not self._saving:
            self._write()
        return self._cancelled.is_set()

    @contextlib.contextmanager
    def saving(self) -> Iterator[None]:
        """The save's transaction: from here the thread alone writes the row (the job's connection is in
        the transaction, whose writes nobody would see before the commit)."""
        self._saving = True
        try:
            yield
        finally:
            self._saving = False

    def stop_requested(self) -> bool:
        """Whether a person asked to cancel; asked inside the save too, where a cancel committed
        meanwhile is seen by a fresh read."""
        if self._cancellable and not self._cancelled.is_set():
            if self.model.objects.filter(pk=self.job_id, cancel_requested=True).exists():
                self._cancelled.set()
        return self._cancelled.is_set()

    def _write(self) -> None:
        jobs = self.model.objects.filter(pk=self.job_id)
        values = {"heartbeat_at": timezone.now(), "progress": self.percent}
        if self._phased:
            values["phase"] = self.phase
        jobs.filter(status__in=self.working).update(**values)
        self.stop_requested()

    def _run(self) -> None:
        try:
            if connection.vendor == "sqlite":
                # Never queue behind the save's lock: skip this beat, the next one tries again.
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA busy_timeout = 200")
            while not self._stop.wait(HEARTBEAT_SECONDS):
                try:
                    self._write()
                except DatabaseError:  # SQLite during the save: the lock; the row is written after it
                    pass
        except DatabaseError:
            pass
        finally:
            connection.close()
