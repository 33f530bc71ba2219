"""Turn a :class:`~payung.lib.sheets.reader.Sheet` of text into typed worker fields.

Columns are parsed in bulk: low-variety columns (dates, sex, village,
occupation, income, decile) by parsing each distinct value once with
:mod:`payung.lib.sheets.parsers`; high-variety ones (NIK, KK, phone, name) with
a Polars fast path for the clean majority and the Python parser for the rest.
One million rows take a few seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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
}
ISSUE_SCHEMA: dict[str, Any] = {
    ROW: pl.Int64,
    "field": pl.String,
    "column": pl.String,
    "code": pl.String,
    "message": pl.String,
}


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
) -> Normalised:
    """Parse every recognised column of ``sheet``.

    ``occupations`` maps :func:`parsers.occupation_key` of a spelling to an
    occupation code; ``villages`` maps :func:`parsers.place_key` of a village
    name to the codes of villages of that name in the district chosen for the
    file (``None``: names are not accepted, only codes).
    """
    today = today or dates.today()
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

    low_variety: list[tuple[str, Callable[[str], parsers.Parsed], Any]] = [
        ("sex", parsers.parse_sex, pl.String),
        ("birth_date", lambda v: parsers.parse_date(v, today=today), pl.Date),
        ("monthly_income", parsers.parse_income, pl.Int64),
        ("dtsen_decile", parsers.parse_decile, pl.Int16),
        ("has_disability", parsers.parse_bool, pl.Boolean),
    ]
    for name, parse, dtype in low_variety:
        series = raw(name)
        take(name, _by_value(series, parse, dtype) if series is not None else None, header(name), dtype)

    # Occupation: unknown -> "lainnya" with a warning; the text as written kept as a note.
    series = raw("occupation")
    if series is not None:
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
    if code_raw is not None and name_raw is not None:
        village_raw = code_raw.fill_null(name_raw)
    else:
        village_raw = code_raw if code_raw is not None else name_raw
    parsed = None
    if village_raw is not None:
        parsed = _by_value(village_raw, lambda v: parsers.parse_village(v, villages), pl.String)
    take("village", parsed, header(village_column), pl.String)

    # Required fields left empty.
    for name in required:
        source = village_raw if name == "village" else raw(name)
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
