"""Write a checked import plan to the registry, fast, inside the caller's transaction.

SQLite: ``executemany`` of plain INSERTs (one C loop per batch). PostgreSQL:
``COPY`` into a temporary table, then one ``INSERT ... SELECT ... ON CONFLICT``.
Audit rows (one per created or changed worker) are written with set-based SQL
(creations) or ``executemany`` (updates), never one ORM save per row.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from django.db import connection
from django.utils import timezone

from payung.audit.models import Action, AuditEvent
from payung.audit.services import audit_value
from payung.registry.models import Worker

from .checks import FILLABLE, NEW, UPDATE

BATCH = 50_000
SQLITE_CACHE_KIB = 256 * 1024
WORKER_COLUMNS = (
    "nik",
    "name",
    "sex",
    "birth_date",
    "village_id",
    "district_code",
    "regency_code",
    "province_code",
    "occupation_id",
    "occupation_note",
    "dtsen_decile",
    "monthly_income",
    "has_disability",
    "phone",
    "kk_number",
    "created_at",
    "updated_at",
)
# Field name in the plan -> column of registry_worker, for the fields an update may fill.
FILL_COLUMNS = {
    "occupation": "occupation_id",
    "occupation_note": "occupation_note",
    "dtsen_decile": "dtsen_decile",
    "monthly_income": "monthly_income",
    "has_disability": "has_disability",
    "phone": "phone",
    "kk_number": "kk_number",
}
# Audited field names (as the registry services name them) for a creation, in order.
AUDITED = (
    "nik",
    "name",
    "sex",
    "birth_date",
    "village_id",
    "occupation_id",
    "occupation_note",
    "dtsen_decile",
    "monthly_income",
    "has_disability",
    "phone",
    "kk_number",
)


class RegistryChanged(Exception):
    """Someone registered one of the file's NIKs while the import ran; the transaction must roll back."""


class Cancelled(Exception):
    """The operator cancelled the job; the transaction must roll back."""


@dataclass
class Written:
    created: int
    updated: int


Tick = Callable[[int], None]


def _db_time(now: dt.datetime) -> object:
    """SQLite stores datetimes as naive UTC text; PostgreSQL takes the aware value."""
    if connection.vendor == "postgresql":
        return now
    return str(now.astimezone(dt.UTC).replace(tzinfo=None))


def new_worker_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """The plan's new rows in the registry's column order (without timestamps)."""
    village = pl.col("village")
    return rows.filter(pl.col("_op") == NEW).select(
        "nik",
        "name",
        "sex",
        "birth_date",
        village.alias("village_id"),
        village.str.slice(0, 8).alias("district_code"),
        village.str.slice(0, 5).alias("regency_code"),
        village.str.slice(0, 2).alias("province_code"),
        pl.col("occupation").fill_null("lainnya").alias("occupation_id"),
        pl.col("occupation_note").fill_null("").str.slice(0, 100),
        "dtsen_decile",
        "monthly_income",
        pl.col("has_disability").fill_null(False),
        pl.col("phone").fill_null(""),
        pl.col("kk_number").fill_null(""),
    )


def write_plan(
    rows: pl.DataFrame,
    *,
    actor_id: int | None,
    source: str,
    note: str,
    tick: Tick | None = None,
) -> Written:
    """Insert new workers, fill empty fields of registered ones, audit each. Call inside ``atomic()``."""
    tick = tick or (lambda done: None)
    now = timezone.now()
    new = new_worker_rows(rows)
    if connection.vendor == "postgresql":
        created = _insert_postgresql(new, now, actor_id, source, note, tick)
    else:
        created = _insert_sqlite(new, now, actor_id, source, note, tick)
    updated = _update(rows.filter(pl.col("_op") == UPDATE), now, actor_id, source, note, tick, created)
    return Written(created, updated)


def _audit_sql(select_from: str, vendor: str) -> str:
    table = AuditEvent._meta.db_table
    build, array = (
        ("jsonb_build_object", "jsonb_build_array")
        if vendor == "postgresql"
        else ("json_object", "json_array")
    )
    text = "::text" if vendor == "postgresql" else ""
    pairs = []
    for name in AUDITED:
        column = f"w.{name}"
        if name == "has_disability":
            value = f"CASE WHEN {column} THEN 'ya' ELSE 'tidak' END"
        elif name in ("birth_date", "dtsen_decile", "monthly_income"):
            value = f"CAST({column} AS TEXT)" if not text else f"{column}{text}"
        else:
            value = column
        pairs.append(f"'{name}', {array}(NULL, {value})")
    return (
        f"INSERT INTO {table} (at, actor_id, object_type, object_id, action, source, changes, note) "  # noqa: S608
        f"SELECT %s, %s, 'worker', CAST(w.id AS TEXT), '{Action.CREATE.value}', %s, {build}({', '.join(pairs)}), %s "
        f"{select_from}"
    )


def _insert_sqlite(
    new: pl.DataFrame, now: dt.datetime, actor_id: int | None, source: str, note: str, tick: Tick
) -> int:
    if not new.height:
        return 0
    table = Worker._meta.db_table
    marks = ", ".join(["%s"] * len(WORKER_COLUMNS))
    sql = f"INSERT INTO {table} ({', '.join(WORKER_COLUMNS)}) VALUES ({marks}) ON CONFLICT(nik) DO NOTHING"  # noqa: S608
    stamp = _db_time(now)
    frame = new.with_columns(
        pl.col("birth_date").cast(pl.String),
        pl.lit(stamp).alias("created_at"),
        pl.lit(stamp).alias("updated_at"),
    )
    created = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        before = cursor.fetchone()[0]
        # Nine indexes take every row: a bigger page cache for this import keeps them in memory.
        cursor.execute("PRAGMA cache_size")
        cache_size = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        try:
            for start in range(0, frame.height, BATCH):
                batch = frame.slice(start, BATCH).rows()
                cursor.executemany(sql, batch)
                created += len(batch)
                tick(created)
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE id > %s", [before])  # noqa: S608
        if cursor.fetchone()[0] != new.height:
            raise RegistryChanged
        # SQLite writes one transaction at a time: every id above `before` is ours.
        cursor.execute(
            _audit_sql(f"FROM {table} w WHERE w.id > %s", "sqlite"), [stamp, actor_id, source, note, before]
        )
    return created


def _insert_postgresql(
    new: pl.DataFrame, now: dt.datetime, actor_id: int | None, source: str, note: str, tick: Tick
) -> int:
    if not new.height:
        return 0
    table = Worker._meta.db_table
    columns = WORKER_COLUMNS[:-2]
    with connection.cursor() as cursor:
        # Foreign keys checked as rows go in rather than all at commit: same checks, less bookkeeping.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # Same column types, no constraints or indexes: COPY into it is as fast as PostgreSQL goes.
        cursor.execute(
            f"CREATE TEMP TABLE payung_import_new ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {', '.join(columns)} FROM {table} WITH NO DATA"
        )
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        done = 0
        for start in range(0, new.height, BATCH):
            batch = new.slice(start, BATCH)
            buffer = io.BytesIO()
            batch.write_csv(buffer, include_header=False, null_value="\\N", quote_style="necessary")
            with raw.copy(
                f"COPY payung_import_new ({', '.join(columns)}) FROM STDIN (FORMAT csv, NULL '\\N')"
            ) as copy:
                copy.write(buffer.getvalue())
            done += batch.height
            tick(done)
        names = ", ".join(columns)
        cursor.execute(
            f"INSERT INTO {table} ({names}, created_at, updated_at) "  # noqa: S608
            f"SELECT {names}, %s, %s FROM payung_import_new ORDER BY nik ON CONFLICT (nik) DO NOTHING",
            [now, now],
        )
        if cursor.rowcount != new.height:
            raise RegistryChanged
        cursor.execute(
            _audit_sql(f"FROM {table} w JOIN payung_import_new n ON n.nik = w.nik", "postgresql"),
            [now, actor_id, source, note],
        )
        cursor.execute("DROP TABLE payung_import_new")
    return new.height


def _update(
    rows: pl.DataFrame,
    now: dt.datetime,
    actor_id: int | None,
    source: str,
    note: str,
    tick: Tick,
    offset: int,
) -> int:
    """Fill the empty fields of registered workers: one UPDATE and one audit row per worker."""
    if not rows.height:
        return 0
    table = Worker._meta.db_table
    audit_table = AuditEvent._meta.db_table
    fill_names = [f"_fill_{name}" for name in FILLABLE]
    assignments = ", ".join(f"{FILL_COLUMNS[name]} = COALESCE(%s, {FILL_COLUMNS[name]})" for name in FILLABLE)
    sql = f"UPDATE {table} SET {assignments}, updated_at = %s WHERE id = %s"  # noqa: S608
    audit_sql = (
        f"INSERT INTO {audit_table} (at, actor_id, object_type, object_id, action, source, changes, note) "  # noqa: S608
        "VALUES (%s, %s, 'worker', %s, %s, %s, %s, %s)"
    )
    old_names = [f"_{name}" for name in FILLABLE]
    stamp = _db_time(now)
    params, audits = [], []
    for item in rows.select("_id", *fill_names, *old_names).iter_rows(named=True):
        params.append([*(item[n] for n in fill_names), stamp, item["_id"]])
        changes = {
            FILL_COLUMNS[name]: [audit_value(item[f"_{name}"]), audit_value(item[f"_fill_{name}"])]
            for name in FILLABLE
            if item[f"_fill_{name}"] is not None
        }
        audits.append(
            [stamp, actor_id, str(item["_id"]), Action.UPDATE.value, source, json.dumps(changes), note]
        )
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])
            cursor.executemany(audit_sql, audits[start : start + BATCH])
            tick(offset + min(start + BATCH, len(params)))
    return len(params)
