"""Running an import job: the check (dry run) and the all-or-nothing write, with its progress.

The task (`tasks.run_import_job`) and the command line run a job here; `services` creates, confirms and
cancels jobs and queues the task. Nothing here queues work, so the modules import one way:
`running` < `tasks` < `services`.
"""

from __future__ import annotations

import datetime as dt
import logging
import pathlib
import tempfile
from dataclasses import dataclass

import polars as pl
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from payung.accounts.scope import EVERYTHING, RegionScope, scope_for
from payung.lib.sheets import ROW, SheetError
from payung.lib.sheets.headers import field_for, is_ignored
from payung.lib.sheets.normalise import LABELS
from payung.lib.sheets.reader import rows_offered
from payung.registry.transfers import REGISTERED_ELSEWHERE, elsewhere_answer_record

from . import codelists, progress
from .checks import Plan, plan_import
from .models import ColumnMapping, ImportJob, Source, Status
from .people import AgePolicy
from .report import write_error_report
from .writer import Cancelled, RegistryChanged, write_plan

log = logging.getLogger(__name__)

AUDIT_SOURCE = {Source.WEB: "import", Source.CLI: "cli"}


# How many problems the page keeps on the job row; the XLSX report and the CLI have them all.
KEPT_PROBLEMS = 1000
KEPT_CONFLICTS = 200


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


def own_village(actor) -> str | None:
    """The one village of an operator's scope, or None (several regions, or wider than a village)."""
    if actor is None:
        return None
    codes = scope_for(actor).codes
    return codes[0] if len(codes) == 1 and codes[0].count(".") == 3 else None


def column_mappings(user) -> dict[str, str]:
    if user is None:
        return {}
    return dict(ColumnMapping.objects.filter(user=user).values_list("header_key", "field"))


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
