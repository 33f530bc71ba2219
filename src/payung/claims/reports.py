"""Import of a branch's claims report (CSV, XLSX, XLS, ODS) through the sheet reader the worker
imports use (`lib/sheets`: title rows, merged cells, header synonyms, every date form) and the one
Rupiah parser (`lib/money`).

Every row is checked; a row-level problem names the spreadsheet row (as Excel shows it) and the
column as written. If any row is refused nothing is written; otherwise the whole report is written in
one transaction (`services.claims_write`). Idempotent by claim number: the same report twice changes
nothing; a later report updates the status and amounts of the claims it changed, audited. The
original file is kept with each run (`ClaimReport`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.lib.money import RupiahError, parse_rupiah
from payung.lib.nik import check_nik
from payung.lib.sheets import ROW, SheetError, read_sheet
from payung.lib.sheets.parsers import clean_text, parse_date, parse_nik
from payung.lib.sheets.reader import col
from payung.registry.models import Worker
from payung.rules.claims import ClaimProgramme

from .amounts import max_children
from .models import Claim, ClaimReport, ImportStatus
from .runs import Beat, ReportCancelled, worker_name
from .services import WriteCancelled, changed_fields, claims_write, hand_reported_matches
from .validation import ClaimData, check_claim
from .vocabulary import EXTRA_HEADERS, HEADER_SYNONYMS, kind_of, programme_of, school_level_of, status_of

REQUIRED = ("claim_number", "nik", "programme", "event_date", "status")
LABELS = {
    "claim_number": "No. Klaim",
    "nik": "NIK",
    "name": "Nama",
    "programme": "Program",
    "kind": "Jenis Klaim",
    "event_date": "Tgl Kejadian",
    "status": "Status",
    "paid_on": "Tgl Bayar",
    "amount_paid": "Jumlah Dibayar",
}
# Far enough ahead that the sheet parser accepts any real date; future dates are refused here, by name.
_NO_LIMIT = dt.date(2199, 12, 31)


@dataclass
class Problem:
    row: int
    column: str
    code: str
    message: str

    def as_json(self) -> dict:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


@dataclass
class Checked:
    rows: int = 0
    accepted: list[ClaimData] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    invalid_rows: set[int] = field(default_factory=set)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def valid(self) -> int:
        return self.rows - len(self.invalid_rows)

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "valid": self.valid,
            "invalid": len(self.invalid_rows),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [p.as_json() for p in self.errors],
        }


class ReportUnreadable(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def _cell(values: dict[str, str | None], name: str) -> str:
    return (values.get(name) or "").strip()


def _check_row(
    row: int,
    values: dict[str, str | None],
    header: Callable[[str], str],
    today: dt.date,
    problems: list[Problem],
) -> ClaimData | None:
    before = len(problems)

    def fail(name: str, code: str, message: str) -> None:
        problems.append(Problem(row, header(name), code, message))

    for name in REQUIRED:
        if not _cell(values, name):
            fail(name, "required", _("Kolom %(column)s wajib diisi.") % {"column": header(name)})
    nik = None
    if raw := _cell(values, "nik"):
        parsed = parse_nik(raw)
        if parsed.error:
            fail("nik", parsed.error.code, parsed.error.message)
        else:
            check = check_nik(parsed.value)
            if not check.valid:
                fail("nik", check.errors[0].code, check.errors[0].message)
            nik = parsed.value
    programme = None
    if raw := _cell(values, "programme"):
        programme = programme_of(raw)
        if programme is None:
            fail(
                "programme",
                "programme_unknown",
                _("Program %(value)s tidak dikenal: tulis JKK, JKM, JHT, JP atau BEASISWA.") % {"value": raw},
            )
    status = None
    if raw := _cell(values, "status"):
        status = status_of(raw)
        if status is None:
            fail(
                "status",
                "status_unknown",
                _("Status %(value)s tidak dikenal: tulis DIBAYAR, DITOLAK atau PROSES.") % {"value": raw},
            )
    kind = None
    if programme is not None:
        kind = kind_of(programme, _cell(values, "kind"))
        if kind is None:
            fail(
                "kind",
                "kind_unknown",
                _("Jenis klaim %(value)s tidak dikenal untuk program %(programme)s.")
                % {"value": _cell(values, "kind") or "-", "programme": programme.value},
            )
    dates: dict[str, dt.date | None] = {}
    for name in ("event_date", "paid_on", "child_birth_date"):
        dates[name] = None
        if raw := _cell(values, name):
            parsed = parse_date(raw, today=_NO_LIMIT)
            if parsed.error:
                fail(name, parsed.error.code, parsed.error.message)
            else:
                dates[name] = parsed.value
    amounts: dict[str, int | None] = {}
    for name in ("amount_paid", "amount_claimed", "wage"):
        amounts[name] = None
        if raw := _cell(values, name):
            try:
                amounts[name] = parse_rupiah(raw)
            except RupiahError as error:
                fail(name, f"amount_{error.code}", error.message)
    child_order = None
    if raw := _cell(values, "child_order"):
        if raw.isdigit() and 1 <= int(raw) <= 20:
            child_order = int(raw)
        else:
            fail(
                "child_order",
                "child_order_invalid",
                _("Anak ke- harus angka 1 sampai 20 (tertulis: %(value)s).") % {"value": raw},
            )
    level = ""
    if raw := _cell(values, "school_level"):
        level = school_level_of(raw) or ""
        if not level:
            fail(
                "school_level",
                "school_level_unknown",
                _("Jenjang %(value)s tidak dikenal: tulis TK/SD, SMP, SMA atau PT.") % {"value": raw},
            )
    if not level and programme == ClaimProgramme.BEASISWA:
        level = school_level_of(_cell(values, "kind")) or ""  # "Jenis Klaim: SD" names the level
    if (
        len(problems) > before
        or nik is None
        or programme is None
        or status is None
        or kind is None
        or dates["event_date"] is None
    ):
        return None
    data = ClaimData(
        nik=nik,
        programme=programme.value,
        kind=kind.value,
        event_date=dates["event_date"],
        status=status,
        claim_number=clean_text(_cell(values, "claim_number"))[:40],
        name=clean_text(_cell(values, "name"))[:150],
        kpj_number=_cell(values, "kpj_number")[:20],
        amount_claimed=amounts["amount_claimed"],
        amount_paid=amounts["amount_paid"],
        paid_on=dates["paid_on"],
        rejection_reason=clean_text(_cell(values, "rejection_reason"))[:300] if status == "rejected" else "",
        wage=amounts["wage"],
        child_name=clean_text(_cell(values, "child_name"))[:150],
        child_birth_date=dates["child_birth_date"],
        child_order=child_order,
        school_level=level,
        jht_reason=clean_text(_cell(values, "jht_reason"))[:30],
    )
    for problem in check_claim(data, today=today):
        fail(problem.field, problem.code, problem.message)
    return data if len(problems) == before else None


def _child_orders(
    accepted: list[tuple[int, ClaimData]], header: Callable[[str], str], problems: list[Problem]
) -> None:
    """Scholarship rows without "Anak ke-": the children of one participant counted by name, those
    already recorded first; the two-child cap then applies as for a written order."""

    known: dict[str, list[str]] = {}
    niks = {d.nik for _r, d in accepted if d.programme == ClaimProgramme.BEASISWA and d.child_order is None}
    for nik, worker_nik, child in (
        Claim.objects.filter(kind="scholarship")
        .filter(_of_niks(niks))
        .values_list("unregistered_nik", "worker__nik", "child_name")
        .order_by("id")
    ):
        names = known.setdefault(worker_nik or nik, [])
        if child and child not in names:
            names.append(child)
    for row, data in accepted:
        if data.programme != ClaimProgramme.BEASISWA or data.child_order is not None or not data.child_name:
            continue
        names = known.setdefault(data.nik, [])
        if data.child_name not in names:
            names.append(data.child_name)
        data.child_order = names.index(data.child_name) + 1
        limit = max_children(data.event_date)
        if data.child_order > limit:
            problems.append(
                Problem(
                    row,
                    header("child_name"),
                    "scholarship_child_cap",
                    _("Beasiswa paling banyak untuk %(limit)s anak; %(name)s anak ke-%(order)s.")
                    % {"limit": limit, "name": data.child_name, "order": data.child_order},
                )
            )


def _of_niks(niks: set[str]) -> Q:
    return Q(unregistered_nik__in=niks) | Q(worker__nik__in=niks)


def _outside_scope(
    accepted: list[tuple[int, ClaimData]], scope, header: Callable[[str], str], problems: list[Problem]
) -> None:
    """Rows of people outside the uploader's regions (registered there, or a NIK issued there)."""
    villages = dict(
        Worker.objects.filter(nik__in={d.nik for _r, d in accepted}).values_list("nik", "village_id")
    )
    for row, data in accepted:
        code = villages.get(data.nik) or f"{data.nik[0:2]}.{data.nik[2:4]}.{data.nik[4:6]}"
        if not scope.contains(code):
            problems.append(
                Problem(
                    row,
                    header("nik"),
                    "nik_outside_scope",
                    _("Peserta dengan NIK ini tidak berada di wilayah kerja Anda."),
                )
            )


def check_report(
    data: bytes, *, today: dt.date, scope=None, progress: Callable[[int], None] | None = None
) -> Checked:
    """Read and check a report; raises ReportUnreadable when the file itself cannot be read.
    `scope`: the uploader's region scope (the screen); the CLI runs for every region."""
    try:
        sheet = read_sheet(data, extra_headers=EXTRA_HEADERS)
    except SheetError as error:
        raise ReportUnreadable(error.message, error.code) from error
    columns = sheet.columns

    def header(name: str) -> str:
        return (
            sheet.headers[columns[name]]
            if name in columns
            else LABELS.get(name, HEADER_SYNONYMS.get(name, (name,))[0])
        )

    result = Checked()
    frame = sheet.data
    result.rows = frame.height
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        for name in missing:
            result.errors.append(
                Problem(
                    sheet.header_row,
                    header(name),
                    "column_missing",
                    _("Kolom %(column)s tidak ada di baris judul.") % {"column": header(name)},
                )
            )
        result.invalid_rows = set(frame.get_column(ROW).to_list())
        return result
    names = {name: col(index) for name, index in columns.items()}
    accepted: list[tuple[int, ClaimData]] = []
    seen: dict[str, tuple[int, ClaimData]] = {}
    for position, record in enumerate(frame.iter_rows(named=True)):
        row = record[ROW]
        values = {name: record.get(column) for name, column in names.items()}
        problems: list[Problem] = []
        data = _check_row(row, values, header, today, problems)
        if data is not None and data.claim_number in seen:
            first_row, first = seen[data.claim_number]
            if first != data:
                problems.append(
                    Problem(
                        row,
                        header("claim_number"),
                        "claim_number_twice",
                        _("Nomor klaim %(number)s sudah ada di baris %(row)s dengan isi lain.")
                        % {"number": data.claim_number, "row": first_row},
                    )
                )
            data = None  # an identical repeat: valid, nothing more to write
        elif data is not None:
            seen[data.claim_number] = (row, data)
            accepted.append((row, data))
        if problems:
            result.errors += problems
            result.invalid_rows.add(row)
        if progress and position % 500 == 0:
            progress(int(80 * position / max(frame.height, 1)))
    cap: list[Problem] = []
    _child_orders(accepted, header, cap)
    if scope is not None and not scope.everything:
        _outside_scope(accepted, scope, header, cap)
    for problem in cap:
        result.errors.append(problem)
        result.invalid_rows.add(problem.row)
    result.errors.sort(key=lambda p: (p.row, p.column))
    result.accepted = [data for row, data in accepted if row not in result.invalid_rows]
    existing = {
        c.claim_number: c
        for c in Claim.objects.filter(claim_number__in=[d.claim_number for d in result.accepted])
    }
    matched = hand_reported_matches(result.accepted, set(existing))
    for data in result.accepted:
        claim = existing.get(data.claim_number)
        if claim is None and data.claim_number in matched:
            result.updated += 1  # a claim reported by hand gets the branch's number
        elif claim is None:
            result.created += 1
        elif changed_fields(claim, data) or (claim.worker_id is None and claim.unregistered_nik != data.nik):
            result.updated += 1
        else:
            result.unchanged += 1
    result.unchanged += result.valid - len(result.accepted)  # identical repeated rows change nothing
    return result


def report_create(*, actor, data: bytes, name: str, dry_run: bool) -> ClaimReport:
    """Keep the original and a row for the run (queued)."""
    report = ClaimReport(
        user=actor if getattr(actor, "pk", None) else None,
        original_name=name[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        dry_run=dry_run,
        status=ImportStatus.QUEUED,
    )
    report.file.save((name.rsplit("/", 1)[-1] or "laporan")[:100], ContentFile(data), save=False)
    report.save()
    return report


# Problems kept with a run: the page lists the first PAGE_ERRORS, the XLSX error report all kept.
ERRORS_KEPT = 100_000
PAGE_ERRORS = 1_000


def report_run(report: ClaimReport, *, today: dt.date, source: str, scope=None) -> Checked | None:
    """Check the kept file and, unless a dry run or a row was refused, write it. The row carries the
    progress the page polls, the heartbeat and the cancel flag (`runs.Beat`); None when the file could
    not be read or the run was cancelled (nothing written)."""
    now = timezone.now()
    report.status = ImportStatus.CHECKING if report.dry_run else ImportStatus.IMPORTING
    report.progress, report.started_at, report.heartbeat_at = 0, now, now
    report.worker, report.finished_at, report.file_error = worker_name(), None, ""
    report.save(
        update_fields=[
            "status",
            "progress",
            "started_at",
            "heartbeat_at",
            "worker",
            "finished_at",
            "file_error",
        ]
    )
    with report.file.open("rb") as handle:
        data = handle.read()
    with Beat(report.pk) as beat:
        try:
            beat.progress(0)
            checked = check_report(data, today=today, scope=scope, progress=beat.progress)
            if not report.dry_run and not checked.errors:
                beat.progress(90)
                written = claims_write(
                    actor=report.user,
                    rows=checked.accepted,
                    source=source,
                    today=today,
                    note=f"laporan klaim {report.original_name[:100]}",
                    should_stop=beat.stop_requested,
                )
                checked.created, checked.updated = written.created, written.updated
                checked.unchanged = checked.valid - written.created - written.updated
            elif not report.dry_run:
                checked.created = checked.updated = checked.unchanged = 0  # refused: nothing was written
        except ReportUnreadable as error:
            report.status, report.file_error, report.progress = ImportStatus.FAILED, str(error), 100
            report.finished_at = timezone.now()
            report.save()
            return None
        except (ReportCancelled, WriteCancelled):
            report.status, report.progress, report.finished_at = ImportStatus.CANCELLED, 100, timezone.now()
            report.created = report.updated = report.unchanged = 0
            report.save()
            return None
    if checked.errors:
        report.status = ImportStatus.REJECTED
    else:
        report.status = ImportStatus.CHECKED if report.dry_run else ImportStatus.DONE
    report.progress, report.finished_at = 100, timezone.now()
    for key in ("rows", "valid", "created", "updated", "unchanged"):
        setattr(report, key, getattr(checked, key))
    report.invalid = len(checked.invalid_rows)
    report.errors = [p.as_json() for p in checked.errors[:ERRORS_KEPT]]
    report.save()
    return checked


ERROR_REPORT_HEADERS = ("Baris", "Kolom", "Kode", "Pesan")


def error_report_rows(report: ClaimReport) -> list[list[object]]:
    """The run's problems as the XLSX error report lists them: row (as Excel shows it), column as
    written, code, message; the same four keys as `import_claims --json`."""
    return [[p["row"], p["column"], p["code"], p["message"]] for p in report.errors]


def import_report(
    *, actor, data: bytes, name: str, dry_run: bool, today: dt.date, source: str, scope=None
) -> tuple[ClaimReport, Checked | None]:
    """The whole run at once (the CLI): keep the original, check, write unless refused."""
    report = report_create(actor=actor, data=data, name=name, dry_run=dry_run)
    return report, report_run(report, today=today, source=source, scope=scope)
