"""Progress and cancel signals of a running import, outside the database.

An import writes inside one transaction; on SQLite nobody else can write
while it runs, so the page cannot learn its progress (or ask it to stop)
through the job row. A small file per job under MEDIA_ROOT carries both.
"""

from __future__ import annotations

import json
import os
import pathlib
import time

from django.conf import settings


def _folder(job_id: int) -> pathlib.Path:
    return pathlib.Path(settings.MEDIA_ROOT) / "imports" / "run" / str(job_id)


def write_progress(job_id: int, *, phase: str, percent: int) -> None:
    folder = _folder(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / "progress.json.tmp"
    temporary.write_text(json.dumps({"phase": phase, "percent": percent}), encoding="utf-8")
    os.replace(temporary, folder / "progress.json")


def read_progress(job_id: int) -> dict[str, object] | None:
    try:
        return json.loads((_folder(job_id) / "progress.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def seconds_since_progress(job_id: int) -> float | None:
    """How long ago the running job last reported (None: it never did)."""
    try:
        modified = (_folder(job_id) / "progress.json").stat().st_mtime
    except OSError:
        return None
    return max(0.0, time.time() - modified)


def request_cancel(job_id: int) -> None:
    folder = _folder(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cancel").touch()


def cancel_requested(job_id: int) -> bool:
    return (_folder(job_id) / "cancel").exists()


def clear(job_id: int) -> None:
    folder = _folder(job_id)
    for name in ("progress.json", "progress.json.tmp", "cancel"):
        (folder / name).unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass
