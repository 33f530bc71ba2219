"""Import jobs: create, check (dry run), import, cancel. Views, the task and the CLI call these."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import pathlib
import uuid

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import OperationalError
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.scope import EVERYTHING, scope_for
from payung.lib import dates
from payung.lib.sheets.headers import FIELDS, field_for, normalise_header
from payung.lib.sheets.reader import HEADER_SEARCH_ROWS
from payung.regions.models import Level, Region

from . import progress
from .models import WORKING, ColumnMapping, ImportJob, Source, Status
from .running import Outcome, own_village, run
from .selectors import works_in
from .tasks import run_import_job

log = logging.getLogger(__name__)


class ImportRefused(Exception):
    """The operator may not do this (wrong role, district outside their regions, job not ready).

    ``code`` says which (the CLI prints it): ``district_unknown``, ``village_unknown``, ``regency_unknown``."""

    def __init__(self, message: str = "", *, code: str = "refused") -> None:
        super().__init__(message)
        self.code = code


def _district_for(actor, code: str | None) -> Region | None:
    if not code:
        return None
    district = Region.objects.filter(code=code, level=Level.DISTRICT).first()
    scope = scope_for(actor) if actor is not None else EVERYTHING
    if district is None or not works_in(scope, code):
        raise ImportRefused(
            f"Kecamatan {code} tidak ditemukan di wilayah kerja Anda.", code="district_unknown"
        )
    return district


def _region_for(actor, code: str | None, level: int, what: str, error: str) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code.strip(), level=level).first()
    scope = scope_for(actor) if actor is not None else EVERYTHING
    # A regency is where names are looked up: an operator of one of its districts may name it too.
    above = level == Level.REGENCY and any(c.startswith(f"{code.strip()}.") for c in scope.codes)
    if region is None or not (scope.contains(region.code) or above):
        raise ImportRefused(f"{what} {code} tidak ditemukan di wilayah kerja Anda.", code=error)
    return region


def own_regency(actor) -> str | None:
    """The regency an operator's regions all lie in (where names of villages are looked up), or None."""
    if actor is None:
        return None
    regencies = {code[:5] for code in scope_for(actor).codes if code.count(".") >= 1}
    return regencies.pop() if len(regencies) == 1 else None


def import_job_create(
    *,
    actor,
    file: File,
    name: str,
    district_code: str | None = None,
    village_code: str | None = None,
    regency_code: str | None = None,
    include_minors: bool = False,
    include_elderly: bool = False,
    valid_only: bool = False,
    source: str = Source.WEB,
    start: bool = True,
) -> ImportJob:
    """Keep the file and queue its dry run (a check that writes nothing).

    ``village_code``: the village of a file without a village column (default: the operator's own
    village when their scope is exactly one); ``regency_code``: where villages written by name are
    looked up (default: the operator's regency)."""
    if actor is not None and not actor.edits_workers:
        raise PermissionDenied(_("Peran Anda tidak boleh mengimpor data pekerja."))
    district = _district_for(actor, district_code)
    village = _region_for(actor, village_code or own_village(actor), Level.VILLAGE, "Desa", "village_unknown")
    regency = _region_for(
        actor, regency_code or own_regency(actor), Level.REGENCY, "Kabupaten", "regency_unknown"
    )
    digest = hashlib.sha256()
    size = 0
    for chunk in file.chunks():
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    job = ImportJob(
        user=actor,
        source=source,
        original_name=name[:200],
        size=size,
        sha256=digest.hexdigest(),
        district=district,
        village=village,
        regency=regency,
        include_minors=include_minors,
        include_elderly=include_elderly,
        valid_only=valid_only,
        dry_run=True,
        status=Status.QUEUED,
    )
    job.file.save(pathlib.Path(name).name[:100] or "berkas", file, save=False)
    job.save()
    if start:
        _enqueue(job)
    return job


def import_job_confirm(*, actor, job: ImportJob, valid_only: bool | None = None) -> ImportJob:
    """After a dry run: import for real (checks run again, against the registry as it is now)."""
    if actor is not None and job.user_id != actor.pk:
        raise PermissionDenied
    if valid_only is not None:
        job.valid_only = valid_only
    if not job.can_import:
        raise ImportRefused(
            "Impor belum dapat dijalankan: periksa dulu baris yang salah atau pilih 'hanya baris valid'."
        )
    job.dry_run = False
    job.status = Status.QUEUED
    job.progress = 0
    job.phase = ""
    job.save(update_fields=["dry_run", "status", "progress", "phase", "valid_only"])
    _enqueue(job)
    return job


def import_job_cancel(*, actor, job: ImportJob) -> None:
    """Cancel a job: at once when it waits or its worker is dead, else by the flag its worker reads."""
    if actor is not None and job.user_id != actor.pk:
        raise PermissionDenied
    job = import_job_check_alive(job)
    if job.status in WORKING:
        try:
            with progress.short_lock_wait():
                ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
        except OperationalError as exc:  # SQLite: the save holds the only write lock until it commits
            raise ImportRefused(
                _("Data sedang disimpan dan tidak dapat dibatalkan lagi; penyimpanan selesai sebentar lagi.")
            ) from exc
        job.cancel_requested = True
    elif job.status in (Status.QUEUED, Status.CHECKED) or job.can_retry:
        job.status = Status.CANCELLED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "finished_at"])


def import_job_check_alive(job: ImportJob) -> ImportJob:
    """Fail a checking or importing job whose worker died (its page stops waiting and offers a retry)."""
    if progress.orphaned(job):
        _fail_orphan(job)
    return job


def import_jobs_fail_orphans(*, worker: str | None = None) -> list[int]:
    """Fail every job whose worker died, or every working job of ``worker`` (``host:pid``, known dead)."""
    failed = []
    for job in ImportJob.objects.filter(status__in=WORKING):
        if (worker is not None and job.worker == worker) or progress.orphaned(job):
            if _fail_orphan(job):
                failed.append(job.pk)
    return failed


def _fail_orphan(job: ImportJob) -> bool:
    was_saving = job.status == Status.IMPORTING
    phase = job.phase or job.get_status_display()
    last = (job.heartbeat_at or job.started_at or timezone.now()).astimezone(dates.office_zone())
    if was_saving:
        message = _(
            "Proses latar belakang yang mengimpor berkas ini berhenti mendadak sekitar pukul %(time)s "
            "(tahap: %(phase)s, %(percent)d %%). Tidak ada data yang disimpan: seluruh impor dibatalkan "
            "oleh basis data. Jalankan lagi."
        )
    else:
        message = _(
            "Proses latar belakang yang memeriksa berkas ini berhenti mendadak sekitar pukul %(time)s "
            "(tahap: %(phase)s, %(percent)d %%). Pemeriksaan tidak menyimpan apa pun. Jalankan lagi."
        )
    message = message % {"time": last.strftime("%H:%M"), "phase": phase, "percent": job.progress}
    now = timezone.now()
    # Only if nothing else changed the job meanwhile (its worker finishing after all, another look).
    changed = ImportJob.objects.filter(pk=job.pk, status=job.status, worker=job.worker).update(
        status=Status.FAILED, file_error_code="worker_died", file_error=message, finished_at=now
    )
    if not changed:
        job.refresh_from_db()
        return False
    job.status, job.file_error_code, job.file_error, job.finished_at = (
        Status.FAILED,
        "worker_died",
        message,
        now,
    )
    _fail_task(job.task_id, message)
    log.warning("import job %s failed: its worker %s died", job.pk, job.worker)
    return True


def _fail_task(task_id: str, message: str) -> None:
    """The background task's own row, left RUNNING by the dead worker, fails with the job."""
    if not task_id or not apps.is_installed("django_tasks_db"):
        return
    try:
        uuid.UUID(task_id)
    except ValueError:  # a task of another backend (the immediate one runs inside the request)
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="payung.imports.services.WorkerDied",
        traceback=message,
    )


def import_job_retry(*, actor, job: ImportJob) -> ImportJob:
    """Run a job again whose worker died (or that crashed): the same check, or the same import."""
    if actor is not None and job.user_id != actor.pk:
        raise PermissionDenied
    if not job.can_retry:
        raise ImportRefused(_("Berkas ini tidak dapat dijalankan lagi."))
    job.status = Status.QUEUED
    job.progress = 0
    job.phase = ""
    job.file_error_code = job.file_error = ""
    job.save(update_fields=["status", "progress", "phase", "file_error_code", "file_error"])
    _enqueue(job)
    return job


def column_mapping_save(*, actor, mapping: dict[str, str]) -> None:
    """Remember, for this operator, which field an unrecognised header means (header text -> field or "")."""
    for header, field in mapping.items():
        if field and field not in FIELDS:
            raise ImportRefused(f"Kolom tujuan tidak dikenal: {field}")
        key = normalise_header(header)
        if not field and field_for(header) is not None:
            continue  # "ignore" never overrides a header the synonyms know
        if key:
            ColumnMapping.objects.update_or_create(
                user=actor, header_key=key, defaults={"header": header[:200], "field": field}
            )


def import_job_recheck(*, actor, job: ImportJob) -> ImportJob:
    """Check the same file again (after the operator mapped columns)."""
    if actor is not None and job.user_id != actor.pk:
        raise PermissionDenied
    if job.running:
        raise ImportRefused("Berkas masih diproses.")
    if not job.file:
        raise ImportRefused(_("Berkas aslinya sudah dihapus; unggah berkasnya lagi."))
    job.dry_run = True
    job.status = Status.QUEUED
    job.save(update_fields=["dry_run", "status"])
    _enqueue(job)
    return job


def import_job_choose_header(*, actor, job: ImportJob, header_row: int | None) -> ImportJob:
    """Read this job's file with ``header_row`` (1-based) as its header row, and check it again.

    ``None`` lets the reader find the header row again. The choice stays with the job: later
    checks and the import itself read the file the same way.
    """
    if actor is not None and job.user_id != actor.pk:
        raise PermissionDenied
    if header_row is not None and not 1 <= header_row <= HEADER_SEARCH_ROWS:
        raise ImportRefused(
            _("Baris judul kolom harus nomor 1 sampai {limit}.").format(limit=HEADER_SEARCH_ROWS)
        )
    if job.running:
        raise ImportRefused(_("Berkas masih diproses."))
    if job.status == Status.DONE:
        raise ImportRefused(_("Berkas ini sudah diimpor; baris judul kolomnya tidak dapat diganti lagi."))
    job.header_row = header_row
    job.save(update_fields=["header_row"])
    return import_job_recheck(actor=actor, job=job)


def import_job_choose_village(*, actor, job: ImportJob, village_code: str) -> ImportJob:
    """The village of a file without a village column, chosen after the check asked; checked again."""
    if actor is not None and job.user_id != actor.pk:
        raise PermissionDenied
    if job.running:
        raise ImportRefused(_("Berkas masih diproses."))
    if job.status == Status.DONE:
        raise ImportRefused(_("Berkas ini sudah diimpor; desanya tidak dapat diganti lagi."))
    job.village = _region_for(actor, village_code, Level.VILLAGE, "Desa", "village_unknown")
    job.save(update_fields=["village"])
    return import_job_recheck(actor=actor, job=job)


def _enqueue(job: ImportJob) -> None:
    result = run_import_job.enqueue(job.pk)
    # Kept so that the task's row fails with the job if its worker dies (a plain update: with the
    # immediate backend the job has run and saved itself by now).
    job.task_id = str(result.id)[:64]
    ImportJob.objects.filter(pk=job.pk).update(task_id=job.task_id)


def import_path(
    path: pathlib.Path,
    *,
    dry_run: bool,
    valid_only: bool,
    district_code: str | None = None,
    village_code: str | None = None,
    regency_code: str | None = None,
    include_minors: bool = False,
    include_elderly: bool = False,
    report_path: pathlib.Path | None = None,
    today: dt.date | None = None,
) -> Outcome:
    """The CLI's import: as the system (all regions), synchronously, kept in the history like any other."""
    with path.open("rb") as handle:
        job = import_job_create(
            actor=None,
            file=File(handle),
            name=path.name,
            district_code=district_code,
            village_code=village_code,
            regency_code=regency_code,
            include_minors=include_minors,
            include_elderly=include_elderly,
            valid_only=valid_only,
            source=Source.CLI,
            start=False,
        )
    job.dry_run = dry_run
    return run(job, today=today, report_path=report_path)
