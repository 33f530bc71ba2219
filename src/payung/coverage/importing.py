"""Importing BPS labour-force figures and BPJS aggregate participation reports (CSV, XLSX, XLS, ODS).

All or nothing: every row is checked first; one problem and nothing is written. Each problem names
the spreadsheet row (header = row 1), the column and the reason. A denominator smaller than the
participants of the same region is a warning naming the region, never silently a 120 % coverage.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Sum

from payung.lib import dates
from payung.lib.sheets import SheetError, read_grid
from payung.regions.models import Region

from .models import CoverageMonth, LabourForceStat, ParticipationReport, Segment, Source
from .summary import rebuild_report_coverage

LABOUR_FORCE_COLUMNS = ("region_code", "year", "labour_force", "employed")
PARTICIPATION_COLUMNS = ("region_code", "month", "segment", "active")
MAX_ROWS = 200_000
_THOUSANDS = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")
_DECIMAL_ZERO = re.compile(r"^(\d+)\.0+$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-01(?:[ T]00:00(?::00)?(?:\.0+)?)?)?$")


@dataclass(frozen=True, slots=True)
class Problem:
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.reason}"


class CoverageImportError(Exception):
    """The file cannot be imported; nothing was written. `problems` lists every row problem found."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        self.problems = problems or []
        details = "".join(f"\n  {problem}" for problem in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(message + details + more)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    warnings: list[str] = field(default_factory=list)


def normalise_header(text: str) -> str:
    text = re.sub(r"\(.*?\)", "", str(text)).strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def read_table(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, {column: text}) for each non-empty row of a CSV, XLSX, XLS or ODS file
    whose first row holds the column names."""
    try:
        grid = read_grid(Path(path).read_bytes())
    except SheetError as error:
        raise CoverageImportError(f"{path}: {error.message}") from error
    header, *records = grid.iter_rows()
    names = {normalise_header(name): index for index, name in enumerate(header) if name}
    missing = [column for column in columns if column not in names]
    if missing:
        raise CoverageImportError(
            f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(columns)}"
        )
    if len(records) > MAX_ROWS:
        raise CoverageImportError(f"{path}: {len(records)} rows, more than the {MAX_ROWS} allowed")
    rows = []
    for number, record in enumerate(records, start=2):
        values = {column: (record[names[column]] or "").strip() for column in columns}
        if any(values.values()):
            rows.append((number, values))
    if not rows:
        raise CoverageImportError(f"{path}: no data rows")
    return rows


def parse_count(text: str) -> int:
    """A whole, non-negative number as offices write it: 226964, 226.964, 226,964 or 226964.0."""
    cleaned = text.replace("\u00a0", " ").strip()
    if cleaned.startswith("-"):
        raise ValueError("negative count")
    if _THOUSANDS.match(cleaned):
        cleaned = re.sub(r"[.,\s]", "", cleaned)
    elif match := _DECIMAL_ZERO.match(cleaned):
        cleaned = match.group(1)
    if not cleaned.isdigit():
        raise ValueError(f"not a whole number: {text!r}")
    return int(cleaned)


def parse_month(text: str) -> dt.date:
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"month must look like YYYY-MM, not {text!r}")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _known_regions(codes: set[str]) -> set[str]:
    return set(Region.objects.filter(code__in=codes).values_list("code", flat=True))


def _field(problems: list[Problem], row: int, name: str, parse, text: str):
    if not text:
        problems.append(Problem(row, name, "required"))
        return None
    try:
        return parse(text)
    except ValueError as error:
        problems.append(Problem(row, name, str(error)))
        return None


def import_labour_force(*, path: Path, today: dt.date | None = None) -> ImportResult:
    today = today or dates.today()
    rows = read_table(path, LABOUR_FORCE_COLUMNS)
    known = _known_regions({values["region_code"] for _, values in rows})
    problems: list[Problem] = []
    parsed: dict[tuple[str, int], tuple[int, int, int]] = {}
    for number, values in rows:
        code = values["region_code"]
        if not code:
            problems.append(Problem(number, "region_code", "required"))
        elif code not in known:
            problems.append(Problem(number, "region_code", f"unknown region code {code!r}"))
        year = _field(problems, number, "year", parse_count, values["year"])
        if year is not None and not 1990 <= year <= today.year:
            problems.append(Problem(number, "year", f"{year} is not between 1990 and {today.year}"))
            year = None
        labour_force = _field(problems, number, "labour_force", parse_count, values["labour_force"])
        employed = _field(problems, number, "employed", parse_count, values["employed"])
        if labour_force is not None and employed is not None and employed > labour_force:
            problems.append(
                Problem(
                    number, "employed", f"employed {employed} is more than the labour force {labour_force}"
                )
            )
        if code in known and year is not None:
            if (code, year) in parsed:
                problems.append(
                    Problem(number, "region_code", f"{code} {year} also on row {parsed[(code, year)][0]}")
                )
            parsed[(code, year)] = (number, labour_force or 0, employed or 0)
    if problems:
        raise CoverageImportError(f"{path}: nothing imported, {len(problems)} problem(s)", problems)
    result = ImportResult()
    source = Path(path).name[:200]
    with transaction.atomic():
        existing = {
            (stat.region_id, stat.year): stat
            for stat in LabourForceStat.objects.filter(region_id__in={code for code, _ in parsed})
        }
        for (code, year), (_, labour_force, employed) in parsed.items():
            stat = existing.get((code, year))
            if stat is None:
                LabourForceStat.objects.create(
                    region_id=code,
                    province_code=code[:2],
                    year=year,
                    labour_force=labour_force,
                    employed=employed,
                    source_file=source,
                )
                result.created += 1
            else:
                stat.labour_force, stat.employed, stat.source_file = labour_force, employed, source
                stat.save(update_fields=["labour_force", "employed", "source_file", "imported_at"])
                result.updated += 1
    result.warnings = denominator_warnings({(code, year) for code, year in parsed})
    return result


def import_participation(*, path: Path, today: dt.date | None = None) -> ImportResult:
    today = today or dates.today()
    this_month = today.replace(day=1)
    rows = read_table(path, PARTICIPATION_COLUMNS)
    known = _known_regions({values["region_code"] for _, values in rows})
    segments = {segment.value: segment.value for segment in Segment}
    problems: list[Problem] = []
    parsed: dict[tuple[str, dt.date, str], tuple[int, int]] = {}
    for number, values in rows:
        code = values["region_code"]
        if not code:
            problems.append(Problem(number, "region_code", "required"))
        elif code not in known:
            problems.append(Problem(number, "region_code", f"unknown region code {code!r}"))
        month = _field(problems, number, "month", parse_month, values["month"])
        if month is not None and month > this_month:
            problems.append(Problem(number, "month", f"{month:%Y-%m} is in the future"))
            month = None
        segment = segments.get(values["segment"].upper().replace(" ", ""))
        if segment is None:
            problems.append(
                Problem(number, "segment", f"{values['segment']!r} is not one of {', '.join(segments)}")
            )
        active = _field(problems, number, "active", parse_count, values["active"])
        if code in known and month is not None and segment is not None:
            key = (code, month, segment)
            if key in parsed:
                problems.append(
                    Problem(
                        number, "region_code", f"{code} {month:%Y-%m} {segment} also on row {parsed[key][0]}"
                    )
                )
            parsed[key] = (number, active or 0)
    if problems:
        raise CoverageImportError(f"{path}: nothing imported, {len(problems)} problem(s)", problems)
    result = ImportResult()
    source = Path(path).name[:200]
    with transaction.atomic():
        existing = {
            (report.region_id, report.month, report.segment): report
            for report in ParticipationReport.objects.filter(
                region_id__in={code for code, _, _ in parsed}, month__in={month for _, month, _ in parsed}
            )
        }
        fresh = []
        for (code, month, segment), (_, active) in parsed.items():
            report = existing.get((code, month, segment))
            if report is None:
                fresh.append(
                    ParticipationReport(
                        region_id=code,
                        province_code=code[:2],
                        month=month,
                        segment=segment,
                        active=active,
                        source_file=source,
                    )
                )
            else:
                report.active, report.source_file = active, source
                report.save(update_fields=["active", "source_file", "imported_at"])
                result.updated += 1
        ParticipationReport.objects.bulk_create(fresh, batch_size=2_000)
        result.created = len(fresh)
        mismatched = rebuild_report_coverage(province_codes={code[:2] for code, _, _ in parsed})
    for code, month, segment, reported, below in mismatched:
        result.warnings.append(
            f"{code} {month:%Y-%m} {segment}: reported {reported:,} but the level below adds up to {below:,}"
        )
    years = {(code, month.year) for code, month, _ in parsed}
    result.warnings += denominator_warnings(years)
    return result


def denominator_warnings(keys: set[tuple[str, int]]) -> list[str]:
    """Warnings where a region's labour force or employed figure is below its participants in that year."""
    if not keys:
        return []
    codes = {code for code, _ in keys}
    stats = {
        (stat.region_id, stat.year): stat for stat in LabourForceStat.objects.filter(region_id__in=codes)
    }
    peaks: dict[tuple[str, int], int] = defaultdict(int)
    monthly = (
        CoverageMonth.objects.filter(region_id__in=codes, source=Source.BPJS_REPORT)
        .values("region_id", "month")
        .annotate(total=Sum("participants"))
        .order_by()
    )
    for row in monthly:
        key = (row["region_id"], row["month"].year)
        peaks[key] = max(peaks[key], row["total"])
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    warnings = []
    for code, year in sorted(keys):
        stat, peak = stats.get((code, year)), peaks.get((code, year), 0)
        if stat is None or not peak:
            continue
        for label, value in (("labour force", stat.labour_force), ("employed", stat.employed)):
            if value < peak:
                warnings.append(
                    f"{code} {names.get(code, '')} {year}: {label} {value:,} is smaller than the "
                    f"{peak:,} participants; coverage would exceed 100 %, check the figures"
                )
    return warnings
