"""How long uploaded files are kept, and the purge that enforces it (`payung purge_uploads`).

Original files and error reports hold personal data (NIK, names, phone numbers). They are deleted
``PAYUNG_UPLOAD_RETENTION_DAYS`` (default 90) after the upload; the job row keeps the file's name, size
and SHA-256, and when the files went. A file refused outright is deleted as soon as it is answered
(:func:`payung.imports.running.run`); the purge catches any such file still kept from before. Files
under the imports folder that no job names (a crash between storing a file and writing its row) and
temporary upload files left by a killed upload go too, once older than an hour (nobody is still
writing them).
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import tempfile
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import RUNNING, ImportJob, Status
from .running import REFUSED_FILES, import_job_delete_files

DEFAULT_RETENTION_DAYS = 90
# A file no job names, or a temporary upload, younger than this may still be being written.
STRAY_AFTER = dt.timedelta(hours=1)


def retention_days() -> int:
    return int(getattr(settings, "PAYUNG_UPLOAD_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


@dataclass
class Purged:
    """What a purge deleted (or, in a dry run, would delete)."""

    dry_run: bool
    retention_days: int
    jobs: list[int] = field(default_factory=list)
    originals: int = 0
    reports: int = 0
    unreferenced: int = 0
    temporary: int = 0
    bytes: int = 0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def uploads_purge(*, dry_run: bool = False, now: dt.datetime | None = None) -> Purged:
    """Delete files past the retention, refused files still kept, stray files and temporary uploads."""
    now = now or timezone.now()
    days = retention_days()
    purged = Purged(dry_run=dry_run, retention_days=days)
    refused = Q(status=Status.FAILED, file_error_code__in=REFUSED_FILES)
    due = (
        ImportJob.objects.exclude(status__in=RUNNING)
        .filter(Q(created_at__lt=now - dt.timedelta(days=days)) | refused)
        .exclude(file="", error_report="")
    )
    for job in due.iterator():
        for kept, kind in ((job.file, "originals"), (job.error_report, "reports")):
            if kept:
                purged.bytes += _size(kept.path if _local(kept) else None)
                setattr(purged, kind, getattr(purged, kind) + 1)
        purged.jobs.append(job.pk)
        if not dry_run:
            import_job_delete_files(job, save=True)
    known = {name for pair in ImportJob.objects.values_list("file", "error_report") for name in pair if name}
    media = pathlib.Path(settings.MEDIA_ROOT)
    for path in _old_files(media / "imports", now):
        if str(path.relative_to(media)) not in known:
            purged.unreferenced += 1
            purged.bytes += _remove(path, dry_run)
    for path in _old_files(_upload_temp_dir(), now, suffix=".upload"):
        purged.temporary += 1
        purged.bytes += _remove(path, dry_run)
    return purged


def _upload_temp_dir() -> pathlib.Path:
    return pathlib.Path(getattr(settings, "FILE_UPLOAD_TEMP_DIR", None) or tempfile.gettempdir())


def _old_files(folder: pathlib.Path, now: dt.datetime, suffix: str = "") -> list[pathlib.Path]:
    if not folder.is_dir():
        return []
    before = now.timestamp() - STRAY_AFTER.total_seconds()
    uid = os.getuid() if hasattr(os, "getuid") else None
    found = []
    for path in folder.rglob(f"*{suffix}"):
        try:
            info = path.stat()
        except OSError:
            continue
        if path.is_file() and info.st_mtime < before and (uid is None or info.st_uid == uid):
            found.append(path)
    return found


def _local(file) -> bool:
    try:
        file.path  # noqa: B018 - storages without local paths raise
    except NotImplementedError:
        return False
    return True


def _size(path: str | None) -> int:
    try:
        return os.path.getsize(path) if path else 0
    except OSError:
        return 0


def _remove(path: pathlib.Path, dry_run: bool) -> int:
    size = _size(str(path))
    if not dry_run:
        path.unlink(missing_ok=True)
    return size
