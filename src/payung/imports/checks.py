"""Plan an import: read the file, check every row against the rules and the registry, decide each row's fate.

Nothing here writes. The result (:class:`Plan`) says for each row whether it
is new, fills empty fields of a registered worker, changes nothing, or is
invalid (with its problems), so a dry run and a real run share every check.
Whole columns are checked at once (Polars); only unusual rows reach Python.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import polars as pl
from django.db import connection

from payung.accounts.scope import RegionScope
from payung.lib import dates
from payung.lib.nik import check_nik, niks_valid, regency_of_issue_column
from payung.lib.sheets import ROW, Sheet, SheetError, normalise, read_sheet
from payung.lib.sheets.normalise import ISSUE_SCHEMA
from payung.lib.sheets.parsers import OTHER_OCCUPATION, occupation_key, place_key, qualified_place_key
from payung.regions.models import Level, Region
from payung.registry.models import Occupation, Worker
from payung.registry.occupations import SYNONYM_TO_CODE
from payung.registry.transfers import registered_elsewhere
from payung.registry.validation import nik_issued_elsewhere

from . import codelists
from .hooks import other_funder_coverage
from .limits import worker_limits
from .people import AgePolicy, check_people

REQUIRED = ("nik", "name", "sex", "birth_date", "village")
# Fields an import may fill on a registered worker when they are empty there.
FILLABLE = (
    "occupation",
    "occupation_note",
    "dtsen_decile",
    "monthly_income",
    "has_disability",
    "phone",
    "kk_number",
)
FIELD_LABELS = {
    "village": "Desa/Kelurahan",
    "birth_date": "Tanggal Lahir",
    "life_status": "Status",
    "sex": "Jenis Kelamin",
    "occupation": "Pekerjaan",
    "dtsen_decile": "Desil",
    "monthly_income": "Penghasilan",
    "phone": "No HP",
    "kk_number": "No KK",
    "has_disability": "Disabilitas",
}
CHUNK = 10_000
NEW, UPDATE, SAME, INVALID = "new", "update", "same", "invalid"

Progress = Callable[[str, float], None]


@dataclass
class Plan:
    """What an import would do, row by row."""

    sheet: Sheet
    # One row per data row: the normalised fields, "_op" (new/update/same/invalid), "_id" of the
    # registered worker for updates, and the values after filling empty fields.
    rows: pl.DataFrame
    errors: pl.DataFrame
    warnings: pl.DataFrame
    conflicts: list[dict[str, object]] = field(default_factory=list)
    # Dead people who still hold a membership: to be ended (payung.imports.people).
    endings: list[dict[str, object]] = field(default_factory=list)

    def count(self, op: str) -> int:
        return int((self.rows.get_column("_op") == op).sum())

    def errors_coded(self, code: str) -> int:
        return int((self.errors.get_column("code") == code).sum())

    @property
    def invalid(self) -> int:
        return self.count(INVALID)

    @property
    def valid(self) -> int:
        return self.rows.height - self.invalid

    def summary(self) -> dict[str, int]:
        return {
            "rows": self.rows.height,
            "valid": self.valid,
            "invalid": self.invalid,
            "new": self.count(NEW),
            "updated": self.count(UPDATE),
            "unchanged": self.count(SAME),
            "warnings": self.warnings.height,
        }


def occupation_synonyms() -> dict[str, str]:
    synonyms = {occupation_key(label): code for label, code in SYNONYM_TO_CODE.items()}
    for code, name in Occupation.objects.values_list("code", "name"):
        synonyms.setdefault(occupation_key(name), code)
        synonyms.setdefault(occupation_key(code), code)
    return synonyms


def villages_by_name(district: str | None) -> dict[str, list[str]] | None:
    if not district:
        return None
    lookup: dict[str, list[str]] = {}
    villages = Region.objects.filter(level=Level.VILLAGE, code__startswith=f"{district}.")
    for code, name in villages.values_list("code", "name"):
        lookup.setdefault(place_key(name), []).append(code)
    return lookup


def villages_in_regency(regency: str | None) -> tuple[dict[str, list[str]], dict[str, str]] | None:
    """Villages of a regency by name (and by district and name), and each one's label for a message."""
    if not regency:
        return None
    lookup: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    districts = dict(
        Region.objects.filter(level=Level.DISTRICT, code__startswith=f"{regency}.").values_list(
            "code", "name"
        )
    )
    villages = Region.objects.filter(level=Level.VILLAGE, code__startswith=f"{regency}.")
    for code, name in villages.values_list("code", "name"):
        district = districts.get(code.rsplit(".", 1)[0], "")
        lookup.setdefault(place_key(name), []).append(code)
        lookup.setdefault(qualified_place_key(district, name), []).append(code)
        labels[code] = f"{name}, Kec. {district}" if district else name
    return lookup, labels


def plan_import(
    data: bytes,
    *,
    scope: RegionScope,
    district: str | None = None,
    regency: str | None = None,
    village: str | None = None,
    own_village: str | None = None,
    ages: AgePolicy | None = None,
    extra_headers: Mapping[str, str] | None = None,
    header_row: int | None = None,
    max_bytes: int | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Read and check ``data``; raises :class:`payung.lib.sheets.SheetError` when the file is unreadable.

    ``header_row`` (1-based) is the header row the operator chose; ``None`` lets the reader find it.
    ``village`` is the village of a file without a village column; names of villages are matched in
    ``district``, else in ``regency``. ``own_village``: the one village of the operator's scope (a file
    of only other villages is refused as a whole). ``ages``: whom to register beyond working age."""
    report = progress or (lambda phase, fraction: None)
    today = today or dates.today()
    report("Membaca berkas", 0.0)
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    sheet = read_sheet(data, extra_headers=extra_headers, header_row=header_row, **kwargs)
    report("Memeriksa isian", 0.3)
    layout = sheet.layout
    has_village = any(f in sheet.columns for f in ("village_code", "village_name"))
    if not has_village and not village and not (layout and layout.completes_only):
        raise SheetError("no_village_column")
    # The regency's villages (for names), and their labels: an ambiguous name lists its candidates.
    names, labels = villages_in_regency(regency or (district[:5] if district else None)) or (None, None)
    result = normalise(
        sheet,
        occupations=occupation_synonyms(),
        villages=villages_by_name(district) if district else names if regency else None,
        village_labels=labels,
        required=layout.required if layout else REQUIRED,
        today=today,
        limits=worker_limits(),
        coded=codelists.for_fields(dict(layout.coded) if layout else None),
        default_village=None if has_village else village,
        sex_from_nik=bool(layout and layout.sex_from_nik),
    )
    rows = result.rows
    nik_header = sheet.headers[sheet.columns["nik"]]
    village_header = next(
        (sheet.headers[sheet.columns[f]] for f in ("village_code", "village_name") if f in sheet.columns),
        "Desa/Kelurahan",
    )
    errors = [result.errors]
    warnings = [result.warnings]
    people = check_people(rows, today=today, policy=ages or AgePolicy())
    errors.append(_field_issues(people.errors, sheet))
    warnings.append(_field_issues(people.warnings, sheet))
    failed = set(result.errors.get_column(ROW).to_list())

    report("Memeriksa NIK", 0.45)
    nik_errors, nik_warnings = _check_niks(rows.filter(~pl.col(ROW).is_in(list(failed))), nik_header)
    errors.append(nik_errors)
    warnings.append(nik_warnings)

    report("Memeriksa wilayah", 0.55)
    if own_village:
        _refuse_other_village(rows, own_village)
    errors.append(_check_villages(rows, scope, village_header))

    errors.append(_duplicates_in_file(rows, nik_header))

    report("Membandingkan dengan data pekerja", 0.65)
    failed = pl.concat([e.select(ROW) for e in errors]).get_column(ROW).unique()
    rows, registry_errors, registry_warnings, conflicts = _compare_with_registry(
        rows, failed, scope, nik_header
    )
    errors.append(registry_errors)
    warnings.append(registry_warnings)
    if layout and layout.completes_only:
        errors.append(_unregistered(rows, nik_header))
    warnings.append(_other_funders(rows, nik_header, today, scope))

    all_errors = _concat(errors)
    # Only on rows that are otherwise fine: an invalid row's NIK needs fixing first.
    warnings.append(_nik_issued_elsewhere(rows, all_errors.get_column(ROW).unique(), nik_header))
    invalid = all_errors.get_column(ROW).unique().implode()
    rows = rows.with_columns(
        _op=pl.when(pl.col(ROW).is_in(invalid)).then(pl.lit(INVALID)).otherwise(pl.col("_op"))
    )
    report("Pemeriksaan selesai", 1.0)
    return Plan(sheet, rows, all_errors, _concat(warnings), conflicts, people.endings)


def _field_issues(found: list[tuple[int, str, str, str]], sheet: Sheet) -> pl.DataFrame:
    """Issues of several fields, each under its column's header as written (else its label)."""
    frames = []
    for name in {f[1] for f in found}:
        header = sheet.column_header(name) if name in sheet.columns else FIELD_LABELS.get(name, name)
        frames.append(_issue_frame([(f[0], f[2], f[3]) for f in found if f[1] == name], name, header))
    return _concat(frames)


def _refuse_other_village(rows: pl.DataFrame, own_village: str) -> None:
    """An operator of one village sends a list of other villages only: refused as a whole."""
    villages = set(rows.get_column("village").drop_nulls().unique().to_list())
    if villages and own_village not in villages:
        name = Region.objects.filter(code=own_village).values_list("name", flat=True).first() or own_village
        raise SheetError("other_village_file", village=f"Desa {name}")


def _unregistered(rows: pl.DataFrame, header: str) -> pl.DataFrame:
    """A decile list completes registered workers: a NIK the registry does not hold has nothing to complete."""
    return rows.filter(pl.col("_op") == NEW).select(
        ROW,
        field=pl.lit("nik"),
        column=pl.lit(header),
        code=pl.lit("not_registered"),
        message=pl.lit(
            "NIK ini belum terdaftar di Payung; daftar desil hanya melengkapi desil pekerja yang sudah terdaftar."
        ),
    )


# ---------------------------------------------------------------- NIK


def _check_niks(rows: pl.DataFrame, header: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every NIK rule of lib/nik.py, on the whole column; rows that fail get check_nik's own messages."""
    nik = pl.col("nik")
    checked = rows.filter(nik.is_not_null())
    ok = niks_valid(nik, birth_date=pl.col("birth_date"), sex=pl.col("sex"))
    suspicious = checked.filter(~ok)
    found: list[tuple[int, str, str]] = []
    for row, value, birth_date, sex in suspicious.select(ROW, "nik", "birth_date", "sex").iter_rows():
        for problem in check_nik(value, birth_date=birth_date, sex=sex).errors:
            found.append((row, problem.code, problem.message))
    errors = _issue_frame(found, "nik", header)

    # A district missing from today's tree is only a warning (the NIK keeps its pre-split district).
    prefixes = checked.select(
        ROW, nik.str.slice(0, 2) + "." + nik.str.slice(2, 2) + "." + nik.str.slice(4, 2)
    ).rename({"nik": "_district"})
    known = _existing_codes(prefixes.get_column("_district").unique().to_list(), Level.DISTRICT)
    unknown = prefixes.filter(~pl.col("_district").is_in(list(known)))
    messages = {
        code: check_nik(code.replace(".", "") + "0101800001", district_exists=lambda c: False).warnings
        for code in unknown.get_column("_district").unique().to_list()
    }
    warned = [
        (row, messages[code][0].code, messages[code][0].message)
        for row, code in unknown.iter_rows()
        if messages.get(code)
    ]
    return errors, _issue_frame(warned, "nik", header)


def _nik_issued_elsewhere(rows: pl.DataFrame, failed: pl.Series, header: str) -> pl.DataFrame:
    """A notice (not an error: people keep their NIK when they move) for a NIK of another regency."""
    issued = regency_of_issue_column(pl.col("nik"))
    elsewhere = (
        rows.filter(~pl.col(ROW).is_in(failed.implode()) & pl.col("village").is_not_null())
        .filter(issued != pl.col("village").str.slice(0, 5))
        .select(ROW, issued.alias("_issued"))
    )
    codes = elsewhere.get_column("_issued").unique().to_list()
    names = dict(Region.objects.filter(level=Level.REGENCY, code__in=codes).values_list("code", "name"))
    notices = {code: nik_issued_elsewhere(code, names.get(code)) for code in codes}
    found = [(row, notices[code].code, notices[code].message) for row, code in elsewhere.iter_rows()]
    return _issue_frame(found, "nik", header)


def _existing_codes(codes: Iterable[str], level: int) -> set[str]:
    codes = list(codes)
    found: set[str] = set()
    for start in range(0, len(codes), CHUNK):
        chunk = codes[start : start + CHUNK]
        found.update(Region.objects.filter(level=level, code__in=chunk).values_list("code", flat=True))
    return found


# ---------------------------------------------------------------- villages


def _check_villages(rows: pl.DataFrame, scope: RegionScope, header: str) -> pl.DataFrame:
    codes = rows.get_column("village").drop_nulls().unique().to_list()
    known = _existing_codes(codes, Level.VILLAGE)
    messages: dict[str, str] = {}
    for code in codes:
        if code not in known:
            messages[code] = (
                f"Kode desa/kelurahan {code} tidak ditemukan. Pilih desa dari daftar wilayah Kemendagri."
            )
        elif not scope.contains(code):
            # Same wording as an unknown village: no hint about regions outside the user's scope.
            messages[code] = f"Kode desa/kelurahan {code} tidak ditemukan di wilayah kerja Anda."
    if not messages:
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    bad = rows.filter(pl.col("village").is_in(list(messages))).select(ROW, "village")
    found = [(row, "village_unknown", messages[code]) for row, code in bad.iter_rows()]
    return _issue_frame(found, "village", header)


# ---------------------------------------------------------------- duplicates


def _duplicates_in_file(rows: pl.DataFrame, header: str) -> pl.DataFrame:
    with_first = rows.filter(pl.col("nik").is_not_null()).with_columns(_first=pl.col(ROW).min().over("nik"))
    later = with_first.filter(pl.col(ROW) != pl.col("_first"))
    return later.select(
        ROW,
        field=pl.lit("nik"),
        column=pl.lit(header),
        code=pl.lit("duplicate_in_file"),
        message=pl.format("NIK ini sudah ada di baris {} berkas ini; baris ini dilewati.", pl.col("_first")),
    )


# ---------------------------------------------------------------- registry


REGISTRY_COLUMNS = {
    "_id": "id",
    "_name": "name",
    "_birth_date": "birth_date",
    "_village": "village_id",
    "_occupation": "occupation_id",
    "_occupation_note": "occupation_note",
    "_dtsen_decile": "dtsen_decile",
    "_monthly_income": "monthly_income",
    "_has_disability": "has_disability",
    "_phone": "phone",
    "_kk_number": "kk_number",
}
REGISTRY_SCHEMA = {
    "nik": pl.String,
    "_id": pl.Int64,
    "_name": pl.String,
    "_birth_date": pl.Date,
    "_village": pl.String,
    "_occupation": pl.String,
    "_occupation_note": pl.String,
    "_dtsen_decile": pl.Int16,
    "_monthly_income": pl.Int64,
    "_has_disability": pl.Boolean,
    "_phone": pl.String,
    "_kk_number": pl.String,
}


def registered(niks: list[str]) -> pl.DataFrame:
    """Registered workers with these NIKs (one query per 100,000 NIKs)."""
    table = Worker._meta.db_table
    columns = ", ".join(["nik", *REGISTRY_COLUMNS.values()])
    # The NIKs of a chunk as one text parameter: no statement with 10,000 placeholders, and no array
    # the driver quotes element by element (2 s per million on PostgreSQL). NIKs are 16 digits (checked).
    if connection.vendor == "postgresql":
        wanted, encode = "nik = ANY(string_to_array(%s, ','))", ",".join
    else:
        wanted, encode = "nik IN (SELECT value FROM json_each(%s))", json.dumps
    sql = f"SELECT {columns} FROM {table} WHERE {wanted}"  # noqa: S608
    found: list[tuple] = []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")  # noqa: S608
        if cursor.fetchone() is not None:  # else a first load: nobody to look up (1 s per million NIKs)
            for start in range(0, len(niks), CHUNK * 10):
                cursor.execute(sql, [encode(niks[start : start + CHUNK * 10])])
                found.extend(cursor.fetchall())
    frame = pl.DataFrame(found, schema=list(REGISTRY_SCHEMA), orient="row", infer_schema_length=None)
    if frame.height and frame.schema["_birth_date"] == pl.String:  # SQLite hands dates back as text
        frame = frame.with_columns(pl.col("_birth_date").str.to_date())
    return frame.cast(REGISTRY_SCHEMA)  # type: ignore[arg-type]


def _same_name(left: pl.Expr, right: pl.Expr) -> pl.Expr:
    def key(e: pl.Expr) -> pl.Expr:
        return e.str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")

    return key(left) == key(right)


def _compare_with_registry(
    rows: pl.DataFrame, failed: pl.Series, scope: RegionScope, header: str
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, list[dict[str, object]]]:
    niks = rows.filter(pl.col("nik").is_not_null()).get_column("nik").unique().to_list()
    existing = registered(niks)
    rows = rows.join(existing, on="nik", how="left", maintain_order="left")
    known = pl.col("_id").is_not_null()
    out_of_scope = [v for v in existing.get_column("_village").unique().to_list() if not scope.contains(v)]
    elsewhere = known & pl.col("_village").is_in(out_of_scope)
    conflict = (
        known
        & ~elsewhere
        & (
            ~_same_name(pl.col("name"), pl.col("_name")).fill_null(True)
            | (pl.col("birth_date") != pl.col("_birth_date")).fill_null(False)
        )
    )
    rows = rows.with_columns(_elsewhere=elsewhere, _conflict=conflict)
    ok = ~pl.col(ROW).is_in(failed.implode())

    # The one answer of the form and the API: no region, scheme or funder named (registry.transfers).
    answer = registered_elsewhere()
    error_rows = rows.filter(ok & pl.col("_elsewhere")).select(ROW)
    errors = [
        error_rows.select(
            ROW,
            field=pl.lit("nik"),
            column=pl.lit(header),
            code=pl.lit(answer.code),
            message=pl.lit(answer.message),
        )
    ]
    conflicting = rows.filter(ok & pl.col("_conflict"))
    conflicts: list[dict[str, object]] = []
    found = []
    for item in conflicting.select(ROW, "nik", "name", "birth_date", "_name", "_birth_date", "_id").iter_rows(
        named=True
    ):
        registry = f"{item['_name']}, lahir {_date(item['_birth_date'])}"
        in_file = f"{item['name']}, lahir {_date(item['birth_date'])}"
        found.append(
            (
                item[ROW],
                "registry_conflict",
                f"NIK sudah terdaftar dengan data berbeda. Di Payung: {registry}; di berkas: {in_file}.",
            )
        )
        conflicts.append(
            {
                "row": item[ROW],
                "nik": item["nik"],
                "worker_id": item["_id"],
                "registry": {"name": item["_name"], "birth_date": _date(item["_birth_date"])},
                "file": {"name": item["name"], "birth_date": _date(item["birth_date"])},
            }
        )
    errors.append(_issue_frame(found, "nik", header))

    # Fill what the registry lacks; keep what it has.
    fills = {
        "occupation": (pl.col("_occupation") == OTHER_OCCUPATION)
        & pl.col("occupation").is_not_null()
        & (pl.col("occupation") != OTHER_OCCUPATION),
        "occupation_note": (pl.col("_occupation_note").fill_null("") == "")
        & pl.col("occupation_note").is_not_null(),
        "dtsen_decile": pl.col("_dtsen_decile").is_null() & pl.col("dtsen_decile").is_not_null(),
        "monthly_income": pl.col("_monthly_income").is_null() & pl.col("monthly_income").is_not_null(),
        "has_disability": ~pl.col("_has_disability").fill_null(False)
        & pl.col("has_disability").fill_null(False),
        "phone": (pl.col("_phone").fill_null("") == "") & pl.col("phone").is_not_null(),
        "kk_number": (pl.col("_kk_number").fill_null("") == "") & pl.col("kk_number").is_not_null(),
    }
    rows = rows.with_columns(
        [
            pl.when(known & fill).then(pl.col(name)).otherwise(None).alias(f"_fill_{name}")
            for name, fill in fills.items()
        ]
    )
    any_fill = pl.any_horizontal([pl.col(f"_fill_{name}").is_not_null() for name in fills])
    rows = rows.with_columns(
        _op=pl.when(~known).then(pl.lit(NEW)).when(any_fill).then(pl.lit(UPDATE)).otherwise(pl.lit(SAME))
    )

    # Tell the operator which of their values were not taken because the registry already has one.
    kept = {
        "village": pl.col("village") != pl.col("_village"),
        "occupation": (pl.col("occupation") != pl.col("_occupation"))
        & (pl.col("_occupation") != OTHER_OCCUPATION)
        & (pl.col("occupation") != OTHER_OCCUPATION),
        "dtsen_decile": pl.col("dtsen_decile") != pl.col("_dtsen_decile"),
        "monthly_income": pl.col("monthly_income") != pl.col("_monthly_income"),
        "phone": (pl.col("phone") != pl.col("_phone")) & (pl.col("_phone") != ""),
        "kk_number": (pl.col("kk_number") != pl.col("_kk_number")) & (pl.col("_kk_number") != ""),
    }
    differing = (
        rows.filter(ok & known & ~pl.col("_elsewhere") & ~pl.col("_conflict"))
        .select(ROW, *[e.fill_null(False).alias(name) for name, e in kept.items()])
        .filter(pl.any_horizontal(list(kept)))
    )
    notes = []
    for item in differing.iter_rows(named=True):
        labels = [FIELD_LABELS[name] for name in kept if item[name]]
        notes.append(
            (
                item[ROW],
                "registry_kept",
                "NIK sudah terdaftar; data di Payung dipertahankan untuk: " + ", ".join(labels) + ".",
            )
        )
    warnings = _issue_frame(notes, "nik", header)
    return rows, _concat(errors), warnings, conflicts


def _other_funders(rows: pl.DataFrame, header: str, today: dt.date, scope: RegionScope) -> pl.DataFrame:
    """Workers of the user's area already covered by a funder. The scheme is named only when its funder
    lies inside the user's scope; a person registered elsewhere got the neutral answer and nothing more."""
    mine = rows.filter(pl.col("_id").is_not_null() & ~pl.col("_elsewhere").fill_null(False))
    covered = other_funder_coverage(mine.get_column("nik").to_list(), today=today)
    if not covered:
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    hits = mine.filter(pl.col("nik").is_in(list(covered))).select(ROW, "nik")
    found = []
    for row, nik in hits.iter_rows():
        scheme, funder_region = covered[nik]
        if scope.contains(funder_region):
            message = f"NIK ini sudah ditanggung oleh {scheme}."
        else:
            message = "NIK ini sudah ditanggung oleh pendana lain untuk bulan-bulan ini."
        found.append((row, "covered_by_other_funder", message))
    return _issue_frame(found, "nik", header)


# ---------------------------------------------------------------- helpers


def _date(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else "-"


def _issue_frame(found: list[tuple[int, str, str]], name: str, header: str) -> pl.DataFrame:
    if not found:
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    return pl.DataFrame(
        {
            ROW: [f[0] for f in found],
            "field": [name] * len(found),
            "column": [header] * len(found),
            "code": [f[1] for f in found],
            "message": [f[2] for f in found],
        },
        schema=ISSUE_SCHEMA,
    )


def _concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    frames = [f.select(list(ISSUE_SCHEMA)).cast(ISSUE_SCHEMA) for f in frames if f.height]  # type: ignore[arg-type]
    if not frames:
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    return pl.concat(frames).sort(ROW, maintain_order=True)
