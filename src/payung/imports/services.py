"""Import jobs: create, check (dry run), import, cancel. Views, the task and the CLI call these."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import pathlib
import tempfile
import uuid
from dataclasses import dataclass

import polars as pl
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.scope import EVERYTHING, RegionScope, scope_for
from payung.lib import dates
from payung.lib.sheets import ROW, SheetError
from payung.lib.sheets.headers import FIELDS, field_for, is_ignored, normalise_header
from payung.lib.sheets.normalise import LABELS
from payung.lib.sheets.reader import HEADER_SEARCH_ROWS, rows_offered
from payung.regions.models import Level, Region
from payung.registry.transfers import REGISTERED_ELSEWHERE, elsewhere_answer_record

from . import codelists, progress
from .checks import Plan, plan_import
from .models import WORKING, ColumnMapping, ImportJob, Source, Status
from .people import AgePolicy
from .report import write_error_report
from .selectors import works_in
from .writer import Cancelled, RegistryChanged, write_plan

log = logging.getLogger(__name__)

# How many problems the page keeps on the job row; the XLSX report and the CLI have them all.
KEPT_PROBLEMS = 1000
KEPT_CONFLICTS = 200
AUDIT_SOURCE = {Source.WEB: "import", Source.CLI: "cli"}


class ImportRefused(Exception):
    """The operator may not do this (wrong role, district outside their regions, job not ready).

    ``code`` says which (the CLI prints it): ``district_unknown``, ``village_unknown``, ``regency_unknown``."""

    def __init__(self, message: str = "", *, code: str = "refused") -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Outcome:
    """A finished run: the job row plus, for the CLI, every problem."""

    job: ImportJob
    plan: Plan | None = None
    error: SheetError | None = None

    def problems(self) -> list[dict[str, object]]:
        if self.plan is None:
            return []
        return _problem_list(self.plan.errors)


def _problem_list(issues: pl.DataFrame, limit: int | None = None) -> list[dict[str, object]]:
    frame = issues if limit is None else issues.head(limit)
    return [
        {"row": row, "column": column, "code": code, "message": message}
        for row, column, code, message in frame.select(ROW, "column", "code", "message").iter_rows()
    ]


def max_upload_bytes() -> int:
    return int(getattr(settings, "PAYUNG_MAX_UPLOAD_BYTES", 100 * 1024 * 1024))


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


def own_village(actor) -> str | None:
    """The one village of an operator's scope, or None (several regions, or wider than a village)."""
    if actor is None:
        return None
    codes = scope_for(actor).codes
    return codes[0] if len(codes) == 1 and codes[0].count(".") == 3 else None


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


def column_mappings(user) -> dict[str, str]:
    if user is None:
        return {}
    return dict(ColumnMapping.objects.filter(user=user).values_list("header_key", "field"))


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
    from .tasks import run_import_job

    result = run_import_job.enqueue(job.pk)
    # Kept so that the task's row fails with the job if its worker dies (a plain update: with the
    # immediate backend the job has run and saved itself by now).
    job.task_id = str(result.id)[:64]
    ImportJob.objects.filter(pk=job.pk).update(task_id=job.task_id)


# ---------------------------------------------------------------- running


def run(job: ImportJob, *, today: dt.date | None = None, report_path: pathlib.Path | None = None) -> Outcome:
    """Check (and unless a dry run, import) the job's file. Never raises for a bad file or a crash."""
    job.status = Status.CHECKING if job.dry_run else Status.IMPORTING
    job.started_at = job.heartbeat_at = timezone.now()
    job.finished_at = None
    job.worker = progress.worker_name()
    job.cancel_requested = False
    job.progress, job.phase = 0, ""
    job.save(
        update_fields=[
            "status",
            "started_at",
            "heartbeat_at",
            "finished_at",
            "worker",
            "cancel_requested",
            "progress",
            "phase",
        ]
    )
    with progress.Beat(job.pk) as beat:
        outcome = _run(job, beat, today, report_path)
    job.progress = 100
    job.phase = ""
    job.cancel_requested = False
    job.finished_at = timezone.now()
    if job.status == Status.FAILED:
        _drop_refused_file(job)
    job.save()
    return outcome


def _run(
    job: ImportJob, beat: progress.Beat, today: dt.date | None, report_path: pathlib.Path | None
) -> Outcome:
    outcome = Outcome(job)

    def report(phase: str, fraction: float) -> None:
        share = 100 if job.dry_run else 40
        if beat.report(phase, int(fraction * share)):
            raise Cancelled

    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        scope: RegionScope = scope_for(job.user) if job.user_id else EVERYTHING
        plan = plan_import(
            data,
            scope=scope,
            district=job.district_id,
            regency=job.regency_id,
            village=job.village_id,
            own_village=own_village(job.user) if job.user_id else None,
            ages=AgePolicy(include_minors=job.include_minors, include_elderly=job.include_elderly),
            extra_headers=column_mappings(job.user),
            header_row=job.header_row,
            max_bytes=max_upload_bytes(),
            today=today,
            progress=report,
        )
        outcome.plan = plan
        if job.dry_run:  # counted once per file: the real run checks the same rows again
            elsewhere_answer_record(
                user=job.user, count=plan.errors_coded(REGISTERED_ELSEWHERE), source="import"
            )
        _store_plan(job, plan)
        if plan.errors.height or plan.warnings.height or report_path is not None:
            _store_report(job, plan, report_path)
        if job.dry_run:
            job.status = Status.CHECKED
        elif plan.invalid and not job.valid_only:
            job.status = Status.REJECTED
        else:
            _write(job, plan, beat)
            job.status = Status.DONE
    except SheetError as exc:
        outcome.error = exc
        job.status = Status.FAILED
        job.file_error_code, job.file_error = exc.code, exc.message
        job.layout = _failed_layout(exc)
    except Cancelled:
        job.status = Status.CANCELLED
        job.created = job.written_updates = 0
    except RegistryChanged:
        job.status = Status.FAILED
        job.file_error_code = "registry_changed"
        job.file_error = (
            "Data pekerja berubah selama impor (NIK yang sama didaftarkan orang lain). Jalankan impor lagi."
        )
    except Exception:  # a crash must leave the job row telling so, and the worker alive
        log.exception("import job %s crashed", job.pk)
        job.status = Status.FAILED
        job.file_error_code = "crashed"
        job.file_error = "Terjadi kesalahan sistem; tidak ada data yang disimpan. Hubungi admin."
        job.created = job.written_updates = 0
    return outcome


# Files the import refuses outright leave nothing to do with them but send another: they are not kept
# beyond the answer (the job keeps the name, size and SHA-256). A file without a NIK header, or whose
# chosen header row is wrong, is kept (the operator may choose the header row or map the columns), and
# so is one that failed for another reason than itself (its worker died, the registry changed).
REFUSED_FILES = (
    "empty_file",
    "file_too_large",
    "not_spreadsheet",
    "corrupt_workbook",
    "encrypted_workbook",
    "zip_bomb",
    "bad_encoding",
    "broken_utf8",
    "no_line_end",
    "too_many_columns",
    "no_sheet",
)


def _drop_refused_file(job: ImportJob) -> None:
    code = job.file_error_code
    if code in REFUSED_FILES or (code == "no_rows" and job.header_row is None):
        import_job_delete_files(job)


def import_job_delete_files(job: ImportJob, *, save: bool = False) -> None:
    """Delete the job's original file and report from storage; the row keeps what they were."""
    if job.file:
        job.file.delete(save=False)
    if job.error_report:
        job.error_report.delete(save=False)
    job.files_purged_at = timezone.now()
    if save:
        job.save(update_fields=["file", "error_report", "files_purged_at"])


def _write(job: ImportJob, plan: Plan, beat: progress.Beat) -> None:
    # write_plan takes only the new rows and the updates: the invalid ones need no copy without them.
    rows = plan.rows
    todo = max(1, plan.count("new") + plan.count("update"))

    def tick(done: int) -> None:
        if beat.report("Menyimpan", 40 + int(60 * min(done, todo) / todo)):
            raise Cancelled

    tick(0)  # the last word before the save: on SQLite the row stays so until the commit
    with beat.saving(), transaction.atomic():
        written = write_plan(
            rows,
            actor_id=job.user_id,
            source=AUDIT_SOURCE.get(job.source, "import"),
            note=f"impor #{job.pk} {job.original_name}"[:200],
            tick=tick,
        )
        tick(todo)  # a cancel that came during the last batch still rolls everything back
    job.created, job.written_updates = written.created, written.updated


def _store_plan(job: ImportJob, plan: Plan) -> None:
    summary = plan.summary()
    job.rows, job.valid, job.invalid = summary["rows"], summary["valid"], summary["invalid"]
    job.new, job.updated, job.unchanged = summary["new"], summary["updated"], summary["unchanged"]
    job.warnings = summary["warnings"]
    job.errors = _problem_list(plan.errors, KEPT_PROBLEMS)
    job.warning_list = _problem_list(plan.warnings, KEPT_PROBLEMS)
    job.conflicts = plan.conflicts[:KEPT_CONFLICTS]
    job.preview = _preview(plan)
    job.file_error_code = job.file_error = ""
    sheet = plan.sheet
    job.layout = {
        "format": str(sheet.format),
        "sheet": sheet.sheet_name,
        "header_row": sheet.header_row,
        "headers": sheet.headers,
        "fields": {str(i): f for i, f in sheet.fields.items()},
        "unrecognised": [{"index": i, "header": sheet.headers[i]} for i in sheet.unrecognised],
        "candidates": _header_candidates(sheet.top_rows),
        "recognised": _recognised(sheet),
        "endings": plan.endings[:KEPT_CONFLICTS],
    }


def _recognised(sheet) -> dict[str, object] | None:
    """The known layout the file was read as, and every column it mapped (for the page)."""
    layout = sheet.layout
    if layout is None:
        return None
    coded = {**codelists.ALWAYS_CODED, **layout.coded}
    mappings = [
        {
            "header": sheet.headers[index],
            "field": name,
            "label": LABELS.get(name, name),
            "codes": codelists.CODE_LISTS[coded[name]].title if name in coded else "",
        }
        for index, name in sorted(sheet.fields.items())
    ]
    return {"key": layout.key, "label": layout.name, "source": layout.source, "mappings": mappings}


def _failed_layout(exc: SheetError) -> dict[str, object]:
    """What the page offers after a file failed: other header rows, and the columns of the likeliest one."""
    layout: dict[str, object] = {}
    if offered := rows_offered(exc):
        layout["candidates"] = _header_candidates(offered)
    if "headers" in exc.params:
        # No NIK header found (or none in the chosen row): offer that row for the operator to map by hand.
        headers = list(exc.params["headers"])
        layout |= {
            "header_row": exc.params.get("header_row"),
            "headers": headers,
            "fields": {},
            "unrecognised": [
                {"index": i, "header": h}
                for i, h in enumerate(headers)
                if h and not is_ignored(h) and field_for(h) is None
            ],
        }
    return layout


CANDIDATE_CELLS = 4
CANDIDATE_CELL_CHARS = 40


def _header_candidates(top_rows: list[list[str]]) -> list[dict[str, object]]:
    """The first rows that are not blank, each by its first few cells, for the operator to recognise."""
    candidates: list[dict[str, object]] = []
    for number, row in enumerate(top_rows, start=1):
        cells: list[str] = []
        for text in row:
            short = text[:CANDIDATE_CELL_CHARS]
            if short and (not cells or cells[-1] != short):  # a merged title fills every cell it covers
                cells.append(short)
        if cells:
            candidates.append(
                {"row": number, "cells": cells[:CANDIDATE_CELLS], "more": len(cells) > CANDIDATE_CELLS}
            )
    return candidates


PREVIEW_ROWS = 10
OPS = {"new": "baru", "update": "dilengkapi", "same": "tidak berubah", "invalid": "salah"}


def _preview(plan: Plan) -> list[dict[str, object]]:
    columns = [
        "_row",
        "_op",
        "nik",
        "name",
        "sex",
        "birth_date",
        "village",
        "occupation",
        "dtsen_decile",
        "phone",
    ]
    head = plan.rows.head(PREVIEW_ROWS).select(columns)
    preview = []
    for row in head.iter_rows(named=True):
        item = {key: value for key, value in row.items() if not key.startswith("_")}
        item.update(row=row["_row"], op=OPS.get(row["_op"], row["_op"]), birth_date=_iso(row["birth_date"]))
        preview.append(item)
    return preview


def _iso(value: object) -> str | None:
    return value.strftime("%d-%m-%Y") if isinstance(value, dt.date) else None


def _store_report(job: ImportJob, plan: Plan, path: pathlib.Path | None) -> None:
    dated = plan.rows.select(ROW, "birth_date").drop_nulls()
    dates = dict(zip(dated.get_column(ROW).to_list(), dated.get_column("birth_date").to_list(), strict=True))
    if path is not None:
        write_error_report(plan.sheet, plan.errors, plan.warnings, path, dates)
        return
    with tempfile.TemporaryDirectory() as folder:
        target = pathlib.Path(folder) / "laporan.xlsx"
        write_error_report(plan.sheet, plan.errors, plan.warnings, target, dates)
        stem = pathlib.Path(job.original_name).stem[:60] or "berkas"
        job.error_report.save(f"periksa-{job.pk}-{stem}.xlsx", ContentFile(target.read_bytes()), save=False)


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
