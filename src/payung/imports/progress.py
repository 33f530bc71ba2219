"""Progress, heartbeat and cancel of a running import, all in its ``ImportJob`` row: the import's
binding of :mod:`payung.lib.jobs` (see there), and the short wait for SQLite's lock when a person
cancels during a save."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection

from payung.lib import jobs
from payung.lib.jobs import HEARTBEAT_SECONDS, ORPHAN_AFTER, SILENT_AT_MOST, worker_name

from .models import WORKING, ImportJob

__all__ = ["HEARTBEAT_SECONDS", "ORPHAN_AFTER", "SILENT_AT_MOST", "Beat", "orphaned", "worker_name"]

# How long a person's cancel waits for SQLite's write lock before telling them the save cannot stop.
LOCK_WAIT_MS = 1000


def orphaned(job: ImportJob, now=None) -> bool:
    """Whether a checking or importing job has lost its worker (its transaction is rolled back by then)."""
    return jobs.orphaned(job, WORKING, now)


@contextlib.contextmanager
def short_lock_wait() -> Iterator[None]:
    """On SQLite, wait at most :data:`LOCK_WAIT_MS` for the write lock (an import's save may hold it)."""
    if connection.vendor != "sqlite":
        yield
        return
    timeout_ms = int(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5) * 1000)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")


class Beat(jobs.Beat):
    """The heartbeat, progress and cancel flag of one running import (use as a context manager)."""

    def __init__(self, job_id: int) -> None:
        super().__init__(ImportJob, job_id, WORKING)
