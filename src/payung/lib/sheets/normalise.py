"""Turn a :class:`~payung.lib.sheets.reader.Sheet` of text into typed worker fields.

Columns are parsed in bulk: low-variety columns (dates, sex, village,
occupation, income, decile) by parsing each distinct value once with
:mod:`payung.lib.sheets.parsers`; high-variety ones (NIK, KK, phone, name) with
a Polars fast path for the clean majority and the Python parser for the rest.
One million rows take a few seconds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from payung.lib import dates
from payung.lib.sheets import parsers
from payung.lib.sheets.errors import row_problem
from payung.lib.sheets.reader import ROW, Sheet, col

LABELS: dict[str, str] = {
    "nik": "NIK",
    "name": "Nama",
    "sex": "Jenis Kelamin",
    "birth_date": "Tanggal Lahir",
    "birth_place": "Tempat Lahir",
    "village": "Desa/Kelurahan",
    "village_code": "Kode Desa",
    "village_name": "Desa/Kelurahan",
    "occupation": "Pekerjaan",
    "dtsen_decile": "Desil",
    "monthly_income": "Penghasilan",
    "phone": "No HP",
    "kk_number": "No KK",
    "has_disability": "Disabilitas",
    "address": "Alamat",
    "district_name": "Kecamatan",
    "marital_status": "Status Perkawinan",
    "education": "Pendidikan",
    "life_status": "Status Dasar",
}
DEFAULT_REQUIRED: tuple[str, ...] = ("nik", "name", "sex", "birth_date", "village")

# Output columns and their types.
SCHEMA: dict[str, Any] = {
    ROW: pl.Int64,
    "nik": pl.String,
    "name": pl.String,
    "sex": pl.String,
    "birth_date": pl.Date,
    "birth_place": pl.String,
    "village": pl.String,
    "occupation": pl.String,
    "occupation_note": pl.String,
    "dtsen_decile": pl.Int16,
    "monthly_income": pl.Int64,
    "phone": pl.String,
    "kk_number": pl.String,
    "has_disability": pl.Boolean,
    "address": pl.String,
    # Codes of the Dukcapil lists (checked, not stored) and whether the person is alive.
    "marital_status": pl.String,
    "education": pl.String,
    "life_status": pl.String,
}
ISSUE_SCHEMA: dict[str, Any] = {
    ROW: pl.Int64,
    "field": pl.String,
    "column": pl.String,
    "code": pl.String,
    "message": pl.String,
}


# What a month's income may be when nothing else is said (the setting PAYUNG_MAX_MONTHLY_INCOME).
DEFAULT_MAX_MONTHLY_INCOME = 100_000_000


@dataclass(frozen=True)
class Limits:
    """What the database can hold and what is plausible, checked in the dry run.

    ``max_lengths`` maps a text field to the longest text its column takes (from the model, so SQLite
    refuses in the dry run what PostgreSQL would refuse in the import); ``max_monthly_income`` is the
    highest income per month taken as typed (above it: a typing error, an extra zero or a yearly sum).
    """

    max_lengths: Mapping[str, int] = field(default_factory=dict)
    max_monthly_income: int = DEFAULT_MAX_MONTHLY_INCOME


# Control characters no person types into a name (C0 but tab and line ends, which become spaces; DEL; C1
# but NEL): PostgreSQL refuses NUL in text outright where SQLite would store it, and the rest are invisible.
_CONTROL = "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]"
# The text columns stored as written (the occupation as its note when it is not on the list).
TEXT_FIELDS = ("name", "occupation")


def parse_monthly_income(raw: str, *, maximum: int = DEFAULT_MAX_MONTHLY_INCOME) -> parsers.Parsed:
    """A month's income in whole Rupiah, or a row problem: the income column's one parse and range check.

    Every amount goes through the money parser with ``maximum`` as its bound, so no number an import
    cannot store (2^63 and above) and no implausible monthly income reaches the database.
    """
    return parsers.parse_income(raw, maximum=maximum)


@dataclass
class Normalised:
    """Typed rows plus their problems.

    ``rows`` has one row per data row of the sheet (:data:`SCHEMA` columns);
    ``errors`` and ``warnings`` are long tables (:data:`ISSUE_SCHEMA`), one
    row per problem, ``column`` being the header as written in the file.
    """

    rows: pl.DataFrame
    errors: pl.DataFrame
    warnings: pl.DataFrame

    @property
    def invalid_rows(self) -> pl.Series:
        return self.errors.get_column(ROW).unique()

    def valid(self) -> pl.DataFrame:
        return self.rows.filter(~pl.col(ROW).is_in(self.invalid_rows.implode()))


@dataclass
class _Column:
    values: pl.Series
    code: pl.Series
    message: pl.Series
    warn_code: pl.Series | None = None
    warn_message: pl.Series | None = None


def normalise(
    sheet: Sheet,
    *,
    occupations: Mapping[str, str] | None = None,
    villages: Mapping[str, Sequence[str]] | None = None,
    required: Sequence[str] = DEFAULT_REQUIRED,
    today: dt.date | None = None,
    limits: Limits | None = None,
    coded: Mapping[str, tuple[Mapping[str, tuple[Any, str]], str]] | None = None,
    default_village: str | None = None,
    village_labels: Mapping[str, str] | None = None,
    sex_from_nik: bool = False,
) -> Normalised:
    """Parse every recognised column of ``sheet``.

    ``occupations`` maps :func:`parsers.occupation_key` of a spelling to an
    occupation code; ``villages`` maps :func:`parsers.place_key` of a village
    name to the codes of villages of that name in the district chosen for the
    file (``None``: names are not accepted, only codes), or in its regency (also keyed by
    :func:`parsers.qualified_place_key` for a row naming its district too); ``village_labels`` names
    the candidates of an ambiguous name. ``coded`` maps a field to the code list its column holds
    (``parsers.code_key`` of a code or label -> (value, label)) and the list's title; a value on no list
    is a row error. ``default_village`` is the village of a file without a village column (OpenSID serves
    one village); ``sex_from_nik`` takes the sex from the NIK when the file has no sex column.
    """
    coded = coded or {}
    today = today or dates.today()
    limits = limits or Limits()
    data = sheet.data
    columns = sheet.columns
    height = data.height
    out: dict[str, pl.Series] = {ROW: data.get_column(ROW)}
    issues: list[pl.DataFrame] = []
    warnings: list[pl.DataFrame] = []

    def raw(name: str) -> pl.Series | None:
        return data.get_column(col(columns[name])) if name in columns else None

    def header(name: str) -> str:
        return sheet.headers[columns[name]] if name in columns else LABELS.get(name, name)

    def numeric(name: str) -> pl.Series:
        flags = sheet.numeric.get(name)
        return flags if flags is not None else pl.Series([False] * height, dtype=pl.Boolean)

    def take(name: str, parsed: _Column | None, column_text: str, dtype: Any) -> None:
        if parsed is None:
            out[name] = pl.Series(name, [None] * height, dtype=dtype)
            return
        out[name] = parsed.values.cast(dtype).rename(name)
        issues.append(_issues(out[ROW], name, column_text, parsed.code, parsed.message))
        if parsed.warn_code is not None and parsed.warn_message is not None:
            warnings.append(_issues(out[ROW], name, column_text, parsed.warn_code, parsed.warn_message))

    # NIK and KK: fast path for clean 16-digit text, parser for the rest.
    for name, parse in (("nik", parsers.parse_nik), ("kk_number", parsers.parse_kk_number)):
        series = raw(name)
        flags = numeric(name)
        parsed = None
        if series is not None:
            cleaned = series.str.strip_chars_start("'`\u2018\u2019").str.replace_all(r"[\s.\-_/]", "")
            ok = cleaned.str.contains(r"^\d{16}$").fill_null(False) & ~flags
            parsed = _fallback(series, cleaned, ok, lambda v, n, p=parse: p(v, numeric_cell=n), flags)
        take(name, parsed, header(name), pl.String)

    series = raw("phone")
    parsed = None
    if series is not None:
        cleaned = series.str.replace_all(r"[\s\-.()/']", "")
        ok = cleaned.str.contains(r"^0\d{8,13}$").fill_null(False)
        parsed = _fallback(series, cleaned, ok, lambda v, n: parsers.parse_phone(v))
    take("phone", parsed, header("phone"), pl.String)

    for name in ("name", "birth_place", "address"):
        series = raw(name)
        values = series.str.replace_all(r"\s+", " ").str.strip_chars() if series is not None else None
        take(name, _ok(values) if values is not None else None, header(name), pl.String)

    def coded_parse(name: str, default: Callable[[str], parsers.Parsed]) -> Callable[[str], parsers.Parsed]:
        if name not in coded:
            return default
        lookup, title = coded[name]
        return lambda v: parsers.parse_coded(v, lookup, title)

    low_variety: list[tuple[str, Callable[[str], parsers.Parsed], Any]] = [
        ("sex", coded_parse("sex", parsers.parse_sex), pl.String),
        ("birth_date", lambda v: parsers.parse_date(v, today=today), pl.Date),
        ("monthly_income", lambda v: parse_monthly_income(v, maximum=limits.max_monthly_income), pl.Int64),
        ("dtsen_decile", parsers.parse_decile, pl.Int16),
        ("has_disability", coded_parse("has_disability", parsers.parse_bool), pl.Boolean),
        *(
            (name, coded_parse(name, lambda v: parsers.Parsed(None)), pl.String)
            for name in ("marital_status", "education", "life_status")
        ),
    ]
    for name, parse, dtype in low_variety:
        series = raw(name)
        take(name, _by_value(series, parse, dtype) if series is not None else None, header(name), dtype)
    if sex_from_nik and "sex" not in columns and out["nik"] is not None:
        # Day of birth + 40 in the NIK: a woman (lib/nik.py checks the NIK itself).
        day = out["nik"].str.slice(6, 2).cast(pl.Int16, strict=False)
        out["sex"] = (
            pl.DataFrame({"day": day})
            .select(
                pl.when(pl.col("day") > 40)
                .then(pl.lit("P"))
                .when(pl.col("day").is_not_null())
                .then(pl.lit("L"))
            )
            .to_series()
            .rename("sex")
        )

    # Occupation: unknown -> "lainnya" with a warning; the text as written kept as a note.
    series = raw("occupation")
    if series is not None and "occupation" in coded:
        # A Dukcapil code or label: unknown is an error; "Lainnya" keeps the Dukcapil label as its note.
        lookup, title = coded["occupation"]
        parsed = _by_value(series, lambda v: parsers.parse_coded(v, lookup, title), pl.String)
        take("occupation", parsed, header("occupation"), pl.String)
        labels = _by_value(
            series, lambda v: parsers.Parsed(lookup.get(parsers.code_key(v), (None, None))[1]), pl.String
        )
        other = (out["occupation"] == parsers.OTHER_OCCUPATION).fill_null(False)
        nothing = pl.Series([None] * height, dtype=pl.String)
        out["occupation_note"] = labels.values.str.to_titlecase().zip_with(other, nothing)
    elif series is not None:
        synonyms = occupations or {}
        parsed = _by_value(series, lambda v: parsers.parse_occupation(v, synonyms), pl.String)
        take("occupation", parsed, header("occupation"), pl.String)
        note = series.str.replace_all(r"\s+", " ").str.strip_chars()
        unknown = (
            parsed.warn_code.is_not_null() if parsed.warn_code is not None else pl.Series([False] * height)
        )
        out["occupation_note"] = note.zip_with(unknown, pl.Series([None] * height, dtype=pl.String))
    else:
        take("occupation", None, header("occupation"), pl.String)
        out["occupation_note"] = pl.Series("occupation_note", [None] * height, dtype=pl.String)

    # Village: the code column if there is one, else (or where it is empty) the name column.
    village_column = "village_code" if "village_code" in columns else "village_name"
    code_raw, name_raw = raw("village_code"), raw("village_name")
    district_raw = raw("district_name")
    if name_raw is not None and district_raw is not None:
        # The district written beside the village's name tells two villages of one name apart.
        name_raw = (
            pl.DataFrame({"d": district_raw, "v": name_raw})
            .select(
                pl.when(pl.col("v").is_not_null()).then(
                    pl.concat_str([pl.col("d").fill_null(""), pl.lit(parsers.PLACE_SEPARATOR), pl.col("v")])
                )
            )
            .to_series()
        )
    if code_raw is None and name_raw is None and default_village:
        code_raw = pl.Series("village", [default_village] * height, dtype=pl.String)
    if code_raw is not None and name_raw is not None:
        village_raw = code_raw.fill_null(name_raw)
    else:
        village_raw = code_raw if code_raw is not None else name_raw
    parsed = None
    if village_raw is not None:
        parsed = _by_value(
            village_raw, lambda v: parsers.parse_village(v, villages, village_labels), pl.String
        )
    take("village", parsed, header(village_column), pl.String)

    # Text the database cannot hold: too long for its column, or with control characters.
    for name in TEXT_FIELDS:
        series = raw(name)
        if series is not None:
            issues.append(_text_problems(out[ROW], series, name, header(name), limits.max_lengths.get(name)))

    # Required fields left empty.
    for name in required:
        source = (
            village_raw if name == "village" else out["sex"] if name == "sex" and sex_from_nik else raw(name)
        )
        missing = source.is_null() if source is not None else pl.Series([True] * height)
        text = header(village_column) if name == "village" else header(name)
        issues.append(
            pl.DataFrame({ROW: out[ROW].filter(missing)}).with_columns(
                field=pl.lit(name),
                column=pl.lit(text),
                code=pl.lit("required"),
                message=pl.lit(row_problem("required", field=LABELS.get(name, name)).message),
            )
        )

    rows = pl.DataFrame([out[name].rename(name).cast(dtype) for name, dtype in SCHEMA.items()])
    return Normalised(rows, _concat(issues), _concat(warnings))


def _text_problems(
    rows: pl.Series, series: pl.Series, name: str, column: str, limit: int | None
) -> pl.DataFrame:
    """Row problems of one text column: control characters, else a length (as stored) past ``limit``."""
    control = series.str.contains(_CONTROL).fill_null(False)
    lengths = series.str.replace_all(r"\s+", " ").str.strip_chars().str.len_chars().fill_null(0)
    too_long = ~control & (lengths > limit) if limit else pl.Series([False] * len(series))
    found: list[tuple[int, str, str]] = []
    for index in control.arg_true().to_list():
        chars = sorted({f"U+{ord(c):04X}" for c in re.findall(_CONTROL, series[index])})
        problem = row_problem("text_control_chars", chars=", ".join(chars[:3]))
        found.append((rows[index], problem.code, problem.message))
    for index in too_long.arg_true().to_list():
        problem = row_problem("text_too_long", length=lengths[index], limit=limit)
        found.append((rows[index], problem.code, problem.message))
    frame = pl.DataFrame(found, schema={ROW: pl.Int64, "code": pl.String, "message": pl.String}, orient="row")
    return frame.select(ROW, field=pl.lit(name), column=pl.lit(column), code="code", message="message")


def _ok(values: pl.Series) -> _Column:
    nulls = pl.Series([None] * len(values), dtype=pl.String)
    return _Column(values, nulls, nulls)


def _issues(rows: pl.Series, name: str, column: str, code: pl.Series, message: pl.Series) -> pl.DataFrame:
    frame = pl.DataFrame({ROW: rows, "code": code, "message": message}).filter(pl.col("code").is_not_null())
    return frame.select(ROW, field=pl.lit(name), column=pl.lit(column), code="code", message="message")


def _concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    frames = [f.cast(ISSUE_SCHEMA) for f in frames if f.height]  # type: ignore[arg-type]
    if not frames:
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    return pl.concat(frames).sort(ROW, maintain_order=True)


def _by_value(series: pl.Series, parse: Callable[[str], parsers.Parsed], dtype: Any) -> _Column:
    """Parse each distinct value once and join the results back."""
    distinct = series.drop_nulls().unique()
    results = [parse(v) for v in distinct.to_list()]
    lookup = pl.DataFrame(
        {
            "raw": distinct,
            "value": pl.Series([r.value for r in results], dtype=dtype),
            "code": pl.Series([r.error.code if r.error else None for r in results], dtype=pl.String),
            "message": pl.Series([r.error.message if r.error else None for r in results], dtype=pl.String),
            "warn_code": pl.Series([r.warning.code if r.warning else None for r in results], dtype=pl.String),
            "warn_message": pl.Series(
                [r.warning.message if r.warning else None for r in results], dtype=pl.String
            ),
        },
    )
    joined = series.rename("raw").to_frame().join(lookup, on="raw", how="left", maintain_order="left")
    return _Column(
        joined.get_column("value"),
        joined.get_column("code"),
        joined.get_column("message"),
        joined.get_column("warn_code"),
        joined.get_column("warn_message"),
    )


def _fallback(
    series: pl.Series,
    cleaned: pl.Series,
    ok: pl.Series,
    parse: Callable[[str, bool], parsers.Parsed],
    flags: pl.Series | None = None,
) -> _Column:
    """Take ``cleaned`` where ``ok``; run the full parser on the other non-empty cells."""
    values = cleaned.zip_with(ok, pl.Series([None] * len(series), dtype=pl.String))
    code = pl.Series([None] * len(series), dtype=pl.String)
    message = pl.Series([None] * len(series), dtype=pl.String)
    todo = (~ok & series.is_not_null()).arg_true()
    if len(todo):
        raw_values = series.gather(todo).to_list()
        numeric = flags.gather(todo).to_list() if flags is not None else [False] * len(todo)
        results = [parse(v, n) for v, n in zip(raw_values, numeric, strict=True)]
        values = values.scatter(todo, pl.Series([r.value for r in results], dtype=pl.String))
        code = code.scatter(
            todo, pl.Series([r.error.code if r.error else None for r in results], dtype=pl.String)
        )
        message = message.scatter(
            todo, pl.Series([r.error.message if r.error else None for r in results], dtype=pl.String)
        )
    return _Column(values, code, message)
